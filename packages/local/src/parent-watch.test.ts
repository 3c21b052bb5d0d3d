import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { descendants, isAlive } from "./process-tree";

// The watcher, in a node process whose parent is a shell that the test then kills with SIGKILL.
const WATCHER = `
const { watchParent } = await import(${JSON.stringify(fileURLToPath(new URL("./parent-watch.ts", import.meta.url)))});
watchParent(() => { console.log("parent gone"); process.exit(0); }, 50);
console.log("watching");
setInterval(() => {}, 60_000);
`;

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (isAlive(pid)) process.kill(pid, "SIGKILL");
});

it("notices when its parent is killed with SIGKILL", async () => {
  // "; true" keeps sh from exec'ing node, so sh stays the parent until it is killed.
  const shell = spawn("sh", ["-c", '"$0" --import tsx --input-type=module --eval "$1"; true', process.execPath, WATCHER], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  shell.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  started.push(shell.pid!);
  await until(() => output.includes("watching"));
  const [watcher] = descendants(shell.pid!);
  started.push(watcher!);

  process.kill(shell.pid!, "SIGKILL");

  // The orphan keeps the stdout pipe open, so its last words still arrive.
  await until(() => output.includes("parent gone"));
  await until(() => !isAlive(watcher!));
  expect(isAlive(watcher!)).toBe(false);
});

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms`);
    await sleep(50);
  }
}
