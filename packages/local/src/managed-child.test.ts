import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LocalRuntimeError } from "./local-runtime-error";
import { startManagedChild } from "./managed-child";

/** Runs `code` in a plain Node child, the stand-in for the JVM and the SES emulator. */
function nodeChild(code: string, extra: Partial<Parameters<typeof startManagedChild>[0]> = {}) {
  return startManagedChild({
    label: "Test child",
    command: process.execPath,
    args: ["-e", code],
    isReady: async () => false,
    startTimeoutMs: 10_000,
    ...extra,
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LocalRuntimeError);
  expect((error as Error).message).not.toMatch(/\n/);
  return error as Error;
}

describe("startManagedChild", () => {
  it("quotes the last output when the child exits before it is ready", async () => {
    const error = await rejection(nodeChild("console.error('boom: bad config'); process.exit(3)"));
    expect(error.message).toBe("Test child exited with code 3 before it was ready. Last output: boom: bad config");
  });

  it("explains a command that cannot be spawned", async () => {
    const error = await rejection(nodeChild("", { command: "/nonexistent/bin/java" }));
    expect(error.message).toMatch(/^Test child could not be started \(spawn \/nonexistent\/bin\/java ENOENT\) before it was ready/);
  });

  it("treats fatal output from a child that stays up as a failure, and kills it", async () => {
    // What DynamoDB Local does on a taken port: print the exception from main, then hang.
    const code = `
      console.log("pid=" + process.pid);
      console.error('Exception in thread "main" java.io.IOException: Failed to bind to 0.0.0.0/0.0.0.0:8000');
      console.error("\\tat org.eclipse.jetty.server.ServerConnector.openAcceptChannel(ServerConnector.java:349)");
      console.error("Caused by: java.net.BindException: Address already in use");
      setInterval(() => {}, 1000);`;
    const error = await rejection(nodeChild(code, { fatalOutput: /Exception in thread "main"/ }));
    expect(error.message).toMatch(/^Test child failed to start\. Last output: .*Address already in use$/);
    expect(error.message).not.toContain("ServerConnector.java");
    const pid = Number(/pid=(\d+)/.exec(error.message)?.[1]);
    expect(isAlive(pid)).toBe(false);
  });

  it("gives up after the start timeout", async () => {
    const error = await rejection(nodeChild("setInterval(() => {}, 1000)", { startTimeoutMs: 300 }));
    expect(error.message).toBe("Test child did not answer within 0.3 s. It printed nothing.");
  });

  it("stops with SIGTERM, escalates to SIGKILL, and resolves once the child is gone", async () => {
    const armed = join(mkdtempSync(join(tmpdir(), "roster-managed-child-")), "armed");
    // Ignores SIGTERM, like a JVM stuck in a shutdown hook.
    const code = `process.on("SIGTERM", () => {}); require("node:fs").writeFileSync(${JSON.stringify(armed)}, ""); setInterval(() => {}, 1000);`;
    const child = await nodeChild(code, { isReady: async () => existsSync(armed), killAfterMs: 300 });
    expect(isAlive(child.pid)).toBe(true);

    const started = Date.now();
    await Promise.all([child.stop(), child.stop()]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(isAlive(child.pid)).toBe(false);
    await expect(child.stop()).resolves.toBeUndefined();
  });
});
