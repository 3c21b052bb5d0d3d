import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { registerChild, stopAllChildren } from "./children";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const CHILDREN_MODULE = fileURLToPath(new URL("./children.ts", import.meta.url));

/**
 * A grandchild that records receiving SIGTERM, so the test can tell it was stopped, not orphaned.
 * STOP_DELAY_MS makes it slow to stop, like a JVM, so a runtime that did not wait would show.
 */
const SLEEPER = `
  process.on("SIGTERM", () => setTimeout(() => { require("node:fs").writeFileSync(process.argv[1], "terminated"); process.exit(0); }, Number(process.env.STOP_DELAY_MS ?? 0)));
  console.log("armed");
  setInterval(() => {}, 1000);`;

/** A runtime-like process: starts the sleeper, registers it, then either waits for a signal or exits. */
const RUNTIME = `
  import { spawn } from "node:child_process";
  import { once } from "node:events";
  import { installSignalHandlers, registerChild } from ${JSON.stringify(CHILDREN_MODULE)};
  const sleeper = spawn(process.execPath, ["-e", process.env.SLEEPER, process.env.MARKER], { stdio: ["ignore", "pipe", "inherit"] });
  await once(sleeper.stdout, "data");
  registerChild(async () => { sleeper.kill("SIGTERM"); await once(sleeper, "exit"); });
  if (process.env.MODE === "signal") {
    installSignalHandlers();
    console.log("ready");
    setInterval(() => {}, 1000);
  } else {
    process.exit(0);
  }`;

function startRuntime(mode: "signal" | "exit", stopDelayMs = 0) {
  const marker = join(mkdtempSync(join(tmpdir(), "roster-children-")), "marker");
  const runtime = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", RUNTIME], {
    cwd: REPO_ROOT,
    env: { ...process.env, MODE: mode, MARKER: marker, SLEEPER, STOP_DELAY_MS: String(stopDelayMs) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return { runtime, marker };
}

async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
}

describe("children registry", () => {
  it("stops every registered child, even when one of them fails", async () => {
    const stopped: string[] = [];
    registerChild(async () => {
      stopped.push("a");
    });
    registerChild(async () => {
      throw new Error("b would not stop");
    });
    const unregister = registerChild(async () => {
      stopped.push("c");
    });
    unregister();

    await expect(stopAllChildren()).rejects.toThrow("1 child process(es) could not be stopped");
    expect(stopped).toEqual(["a"]);
    // The registry is empty afterwards: a second call has nothing to stop.
    await expect(stopAllChildren()).resolves.toBeUndefined();
  });

  it("on SIGTERM stops the children before exiting with 143", async () => {
    const { runtime, marker } = startRuntime("signal");
    await once(runtime.stdout, "data");
    runtime.kill("SIGTERM");
    const [code] = (await once(runtime, "exit")) as [number | null];
    expect(code).toBe(143);
    // The runtime waited for the sleeper's exit, so the marker is already written.
    expect(readFileSync(marker, "utf8")).toBe("terminated");
  });

  it("takes a SIGINT repeated at once (Ctrl-C, from the terminal and from npm) as one, and still stops gracefully", async () => {
    const { runtime, marker } = startRuntime("signal", 500);
    await once(runtime.stdout, "data");
    runtime.kill("SIGINT");
    // Apart enough to arrive as two signals (the kernel merges a pending one), well inside the window.
    await new Promise((resolve) => setTimeout(resolve, 50));
    runtime.kill("SIGINT");
    const [code] = (await once(runtime, "exit")) as [number | null];
    expect(code).toBe(130);
    expect(existsSync(marker)).toBe(true);
  });

  it("on process.exit still signals the children", async () => {
    const { runtime, marker } = startRuntime("exit");
    const [code] = (await once(runtime, "exit")) as [number | null];
    expect(code).toBe(0);
    // The exit hook can only send the signal, so the sleeper finishes after the runtime is gone.
    expect(await eventually(() => existsSync(marker))).toBe(true);
  });
});
