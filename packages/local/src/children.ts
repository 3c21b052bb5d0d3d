/**
 * Every child process the local runtime starts (DynamoDB Local's JVM, the SES emulator) is
 * registered here, so that Ctrl-C, a SIGTERM from a process manager, or an unexpected exit does
 * not leave a JVM holding port 8000 for the next `npm start`.
 */
type Stop = () => Promise<void>;

const children = new Set<Stop>();
let exitHookInstalled = false;
let signalHandlersInstalled = false;

/**
 * Registers `stop` and returns a function that unregisters it (call it once the child exited).
 * Contract: `stop` must send its first signal synchronously, before its first `await`: the
 * process "exit" event runs no asynchronous work, so on exit we can only call `stop` and rely on
 * that signal having left.
 */
export function registerChild(stop: Stop): () => void {
  children.add(stop);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Installed for every user of the registry, not only `npm start`: vitest, for example, calls
    // process.exit() on Ctrl-C without running global teardown, and this still reaches the JVM.
    process.once("exit", () => {
      // Only the synchronous part of each stop (its first signal) runs before the process is gone.
      for (const pending of children) void pending().catch(reportStopFailure);
    });
  }
  return () => {
    children.delete(stop);
  };
}

/** Stops every registered child and waits until they all exited; one failure does not stop the rest. */
export async function stopAllChildren(): Promise<void> {
  const pending = [...children];
  children.clear();
  const results = await Promise.allSettled(pending.map((stop) => stop()));
  const failures = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failures.length > 0) {
    throw new AggregateError(
      failures.map((failure) => failure.reason),
      `${failures.length} child process(es) could not be stopped`,
    );
  }
}

/**
 * A signal repeated within this long of the first is the same request delivered twice. Ctrl-C in
 * a terminal signals the whole foreground process group, so main.ts gets SIGINT from the terminal
 * and, a millisecond later, again from npm, which forwards what it got; a supervisor that signals
 * every process of a service does the same with SIGTERM. Only a later one is a person insisting.
 */
const SAME_REQUEST_MS = 1_000;

/**
 * For the `npm start` entry point only (a test runner has its own handlers): the first SIGINT or
 * SIGTERM stops the children gracefully and exits with the conventional 128+signal code; a second
 * one, unless it is the first one's echo, exits at once (the exit hook still signals whatever is left).
 */
export function installSignalHandlers(): void {
  if (signalHandlersInstalled) return;
  signalHandlersInstalled = true;
  let firstSignalAt: number | undefined;
  const onSignal = (code: number) => {
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt >= SAME_REQUEST_MS) process.exit(code);
      return;
    }
    firstSignalAt = Date.now();
    stopAllChildren().then(
      () => process.exit(code),
      (error: unknown) => {
        reportStopFailure(error);
        process.exit(code);
      },
    );
  };
  process.on("SIGINT", () => onSignal(130));
  process.on("SIGTERM", () => onSignal(143));
  // A closed terminal sends SIGHUP; Node's default would exit without the "exit" event.
  process.on("SIGHUP", () => onSignal(129));
}

function reportStopFailure(error: unknown): void {
  console.error(`Stopping a child process failed: ${error instanceof Error ? error.message : String(error)}`);
}
