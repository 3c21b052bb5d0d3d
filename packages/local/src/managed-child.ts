import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { registerChild } from "./children";
import { LocalRuntimeError } from "./local-runtime-error";
import { OutputTail } from "./output-tail";

export type ManagedChildOptions = {
  /** Names the child in error messages, e.g. "DynamoDB Local". */
  label: string;
  command: string;
  args: string[];
  /** Working directory; some children write files into it (DynamoDB Local does). */
  cwd?: string;
  /**
   * Resolves true once the child serves requests; polled until then. It must answer false (not
   * hang) while the child is still starting, so give its own requests a short timeout.
   */
  isReady: () => Promise<boolean>;
  /**
   * Output meaning startup failed although the process lives on. DynamoDB Local is the reason:
   * when its port is taken it prints the BindException and then hangs instead of exiting.
   */
  fatalOutput?: RegExp;
  startTimeoutMs?: number;
  /** Grace period between SIGTERM and SIGKILL in `stop()`. */
  killAfterMs?: number;
};

export type ManagedChild = {
  pid: number;
  /** SIGTERM, then SIGKILL after the grace period; resolves once the child exited. Idempotent. */
  stop(): Promise<void>;
};

const POLL_INTERVAL_MS = 150;

/**
 * Spawns a long-running child, registers it for shutdown, and resolves only once `isReady`
 * says it answers. Any failure before that (spawn error, early exit, fatal output, timeout) stops
 * the child and rejects with a one-line LocalRuntimeError quoting the child's last output.
 */
export async function startManagedChild(options: ManagedChildOptions): Promise<ManagedChild> {
  const { label, startTimeoutMs = 60_000, killAfterMs = 5_000 } = options;
  const child = spawn(options.command, options.args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
  const tail = new OutputTail();
  tail.follow(child.stdout);
  tail.follow(child.stderr);

  // Why the child is gone, once it is: set by "exit", or by "error" when it never started.
  let gone: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      gone ??= signal ? `was killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
    child.on("error", (error) => {
      // After a successful spawn, "error" only reports a failed kill(); "exit" still follows.
      if (child.pid !== undefined) return;
      gone ??= `could not be started (${error.message})`;
      resolve();
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (gone !== undefined) return;
      // Sent before the first await: the registry's exit hook relies on that (see children.ts).
      child.kill("SIGTERM");
      const escalation = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      await exited;
      clearTimeout(escalation);
    })();
    return stopping;
  };
  const unregister = registerChild(stop);
  void exited.then(unregister);

  const failStartup = async (reason: string): Promise<never> => {
    await stop();
    const output = tail.oneLine();
    throw new LocalRuntimeError(`${label} ${reason}. ${output ? `Last output: ${output}` : "It printed nothing."}`);
  };

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (gone !== undefined) return failStartup(`${gone} before it was ready`);
    if (options.fatalOutput?.test(tail.text())) return failStartup("failed to start");
    let ready: boolean;
    try {
      ready = await options.isReady();
    } catch (error) {
      await stop();
      throw error;
    }
    // A probe can race the child's death (something else may answer on its port).
    if (ready && gone === undefined && !options.fatalOutput?.test(tail.text())) break;
    if (Date.now() > deadline) return failStartup(`did not answer within ${startTimeoutMs / 1000} s`);
    await Promise.race([sleep(POLL_INTERVAL_MS), exited]);
  }
  // A child that answered was spawned, so it has a pid.
  return { pid: child.pid ?? -1, stop };
}
