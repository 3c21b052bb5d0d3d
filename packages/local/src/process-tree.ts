import { readdirSync, readFileSync } from "node:fs";

/**
 * Every live descendant of `pid` (children, grandchildren, …), parents before their children,
 * read from Linux's /proc/<pid>/task/<tid>/children. Tests collect it while a process tree runs,
 * to check afterwards that none of it outlived a shutdown: once a parent is gone its orphans are
 * re-parented and could no longer be found from it.
 */
export function descendants(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift()!;
    for (const child of childrenOf(next)) {
      if (found.includes(child)) continue;
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** The command line of `pid` as its arguments, or undefined once it is gone. */
export function commandLine(pid: number): string[] | undefined {
  const text = readProc(`/proc/${pid}/cmdline`);
  return text === undefined ? undefined : text.split("\0").filter((arg) => arg !== "");
}

/**
 * Whether `pid` still runs. A zombie counts as gone: it has exited and only waits for its parent
 * to read its status, which an init that never reaps (in some containers) would leave for ever.
 */
export function isAlive(pid: number): boolean {
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat === undefined) return false;
  // "pid (comm) state …": comm may contain spaces and parentheses, so read after the last ")".
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return state !== "Z" && state !== "X";
}

function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch (error) {
    if (isGone(error)) return [];
    throw error;
  }
  return tasks.flatMap((task) =>
    (readProc(`/proc/${pid}/task/${task}/children`) ?? "")
      .split(" ")
      .filter((word) => word.trim() !== "")
      .map(Number),
  );
}

/** A /proc file's text, or undefined when the process (or thread) exited meanwhile. */
function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ESRCH";
}
