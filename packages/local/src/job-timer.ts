import { describeError, type Logger } from "@roster/core";

export type JobTimer = {
  /** Resolves once a run in progress has finished; no run starts after it is called. */
  stop(): Promise<void>;
};

export type JobTimerOptions = {
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
  log: Logger;
  /** Delay before the first run (default: at once, so what fell due while stopped is done now). */
  firstRunInMs?: number;
};

/**
 * The local runtime's stand-in for an EventBridge schedule. The next run is timed from the end of
 * the previous one, so a slow run never overlaps the next. A failed run is logged and the timer
 * carries on, like a scheduled Lambda whose next invocation comes regardless.
 */
export function startJobTimer(options: JobTimerOptions): JobTimer {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const schedule = (ms: number) => {
    timer = setTimeout(tick, ms);
    // Never the reason the process stays up: the servers and children are.
    timer.unref();
  };

  function tick() {
    timer = undefined;
    running = Promise.resolve()
      .then(options.run)
      .then(
        () => undefined,
        (error: unknown) => options.log.error(`The ${options.name} job failed; it runs again on its next turn`, describeError(error)),
      )
      .finally(() => {
        running = undefined;
        if (!stopped) schedule(options.intervalMs);
      });
  }

  schedule(options.firstRunInMs ?? 0);
  return {
    stop() {
      // Synchronous before the first await, as registerChild requires: no run starts after this.
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      return running ?? Promise.resolve();
    },
  };
}
