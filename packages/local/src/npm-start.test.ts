import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { findFreePorts } from "./free-port";
import { listeningAddresses } from "./listening-sockets";
import { commandLine, descendants, isAlive } from "./process-tree";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
// The JVM, the SES emulator and argon2 share two cores with the rest of the suite.
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;

type Running = {
  npm: ChildProcess;
  dataDir: string;
  ports: { api: number; dynamo: number; ses: number };
  /** Everything npm started, collected while it ran (orphans cannot be found from npm later). */
  started: number[];
  output: () => string;
};

const runs: Running[] = [];

// A failed assertion must not leave a JVM holding a port: the whole process group goes, and
// every process collected from it, in case one of them left the group.
afterEach(() => {
  for (const run of runs.splice(0)) {
    for (const pid of run.started) if (isAlive(pid)) signal(pid, "SIGKILL");
    if (run.npm.pid !== undefined) signal(-run.npm.pid, "SIGKILL");
    rmSync(run.dataDir, { recursive: true, force: true, maxRetries: 3 });
  }
});

/**
 * `npm start` as a person (or a process supervisor) runs it: npm is the process that gets the
 * signal, and whatever npm puts between itself and main.ts must not swallow it.
 */
describe("npm start", () => {
  it.each([
    { signal: "SIGTERM", to: "npm" },
    { signal: "SIGINT", to: "npm" },
    { signal: "SIGTERM", to: "the node process running main.ts" },
  ] as const)(
    "listens on 127.0.0.1 only and stops everything on $signal to $to",
    async ({ signal: name, to }) => {
      const run = await startNpm();
      const { api, dynamo, ses } = run.ports;
      expect({ api: listeningAddresses(api), dynamo: listeningAddresses(dynamo), ses: listeningAddresses(ses) }).toEqual({
        api: ["127.0.0.1"],
        dynamo: ["127.0.0.1"],
        ses: ["127.0.0.1"],
      });

      signal(to === "npm" ? run.npm.pid! : mainProcess(run), name);

      const npmExited = await waitUntil(() => run.npm.exitCode !== null || run.npm.signalCode !== null, STOP_TIMEOUT_MS);
      expect(npmExited, `npm still runs ${STOP_TIMEOUT_MS / 1000} s after ${name}. Output: ${run.output()}`).toBe(true);
      // An orphan would outlive npm, so its children get a deadline of their own.
      const ports = [api, dynamo, ses];
      await waitUntil(() => !run.started.some(isAlive) && ports.flatMap(listeningAddresses).length === 0, STOP_TIMEOUT_MS);
      expect(run.started.filter(isAlive).map((pid) => commandLine(pid)?.join(" "))).toEqual([]);
      expect(ports.flatMap(listeningAddresses)).toEqual([]);
    },
    START_TIMEOUT_MS + 2 * STOP_TIMEOUT_MS,
  );
});

async function startNpm(): Promise<Running> {
  const [api, dynamo, ses] = await findFreePorts(3);
  if (api === undefined || dynamo === undefined || ses === undefined) throw new Error("findFreePorts returned too few ports");
  const dataDir = mkdtempSync(join(tmpdir(), "roster-npm-start-"));
  const npm = spawn("npm", ["start"], {
    cwd: REPO_ROOT,
    env: {
      ...userEnvironment(),
      PORT: String(api),
      ROSTER_DYNAMODB_PORT: String(dynamo),
      ROSTER_SES_PORT: String(ses),
      ROSTER_DATA_DIR: dataDir,
      ROSTER_OWNER_EMAIL: `npm-start-${randomUUID()}@example.com`,
    },
    // Its own process group, so afterEach can kill everything in it at once.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  npm.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  npm.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const run: Running = { npm, dataDir, ports: { api, dynamo, ses }, started: [], output: () => output };
  runs.push(run);

  const ready = await waitUntil(() => /^Owner setup link:/m.test(output) || npm.exitCode !== null, START_TIMEOUT_MS);
  if (!ready || npm.exitCode !== null) throw new Error(`npm start did not print the owner setup link. Output: ${output}`);
  run.started.push(...descendants(npm.pid!));
  return run;
}

/**
 * The process that runs main.ts's code, where the signal handlers live: the deepest process whose
 * command line names main.ts (a wrapper, such as the tsx CLI `start` once ran, names it too).
 */
function mainProcess(run: Running): number {
  const candidates = run.started.filter((pid) => commandLine(pid)?.some((arg) => arg.endsWith("packages/local/src/main.ts")));
  const pid = candidates.at(-1);
  if (pid === undefined) throw new Error(`No process runs main.ts among ${run.started.join(", ")}`);
  return pid;
}

/** The environment without what vitest adds (NODE_ENV=test, VITEST_*, …) or a developer's own Roster settings. */
function userEnvironment(): NodeJS.ProcessEnv {
  const vitestAdded = new Set(["TEST", "VITEST", "NODE_ENV", "PROD", "DEV", "BASE_URL", "MODE", "SSR", "FORCE_TTY"]);
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !vitestAdded.has(key) && !key.startsWith("VITEST_") && !key.startsWith("ROSTER_") && key !== "PORT"),
  );
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    // Already gone is what cleanup wants; anything else (EPERM) is a real problem.
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}
