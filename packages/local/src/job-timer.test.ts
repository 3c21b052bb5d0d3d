import type { Logger } from "@roster/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startJobTimer } from "./job-timer";

const logger = () => {
  const errors: { message: string; fields?: Record<string, unknown> }[] = [];
  const log: Logger = { info: () => {}, warn: () => {}, error: (message, fields) => errors.push({ message, fields }) };
  return { log, errors };
};

/** A job whose runs finish only when the test says so. */
function controllableJob() {
  const finishers: ((error?: Error) => void)[] = [];
  let active = 0;
  let maxActive = 0;
  const run = vi.fn(
    () =>
      new Promise<void>((resolve, reject) => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        finishers.push((error) => {
          active -= 1;
          if (error) reject(error);
          else resolve();
        });
      }),
  );
  return { run, finish: (error?: Error) => finishers.shift()!(error), maxActive: () => maxActive };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("startJobTimer", () => {
  it("runs at once, then each interval after the previous run ended: never two at a time", async () => {
    const job = controllableJob();
    const timer = startJobTimer({ name: "test", intervalMs: 1_000, run: job.run, log: logger().log });
    await vi.advanceTimersByTimeAsync(0);
    expect(job.run).toHaveBeenCalledTimes(1);

    // A run slower than the interval: the next one waits for it.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(job.run).toHaveBeenCalledTimes(1);
    job.finish();
    await vi.advanceTimersByTimeAsync(999);
    expect(job.run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(job.run).toHaveBeenCalledTimes(2);
    expect(job.maxActive()).toBe(1);

    job.finish();
    await timer.stop();
  });

  it("logs a failed run and carries on", async () => {
    const job = controllableJob();
    const { log, errors } = logger();
    const timer = startJobTimer({ name: "expire-memberships", intervalMs: 1_000, run: job.run, log });
    await vi.advanceTimersByTimeAsync(0);
    job.finish(Object.assign(new Error("DynamoDB Local is away"), { name: "TimeoutError" }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(errors).toEqual([
      { message: "The expire-memberships job failed; it runs again on its next turn", fields: { errorName: "TimeoutError", errorMessage: "DynamoDB Local is away" } },
    ]);
    expect(job.run).toHaveBeenCalledTimes(2);
    job.finish();
    await timer.stop();
  });

  it("stop waits for the run in progress and starts no other", async () => {
    const job = controllableJob();
    const timer = startJobTimer({ name: "test", intervalMs: 1_000, run: job.run, log: logger().log });
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = timer.stop().then(() => void (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    job.finish();
    await stopping;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(job.run).toHaveBeenCalledTimes(1);
    // Stopping between runs: nothing is waited for, nothing runs later.
    const never = vi.fn(async () => {});
    const idle = startJobTimer({ name: "test", intervalMs: 1_000, run: never, log: logger().log, firstRunInMs: 500 });
    await idle.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(never).not.toHaveBeenCalled();
  });
});
