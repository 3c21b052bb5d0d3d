import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Counts DynamoDB round trips per request (a BatchGet or a transaction is one) for the
 * `Server-Timing` header and for the budget assertions in tests. The count lives in async-local
 * storage so concurrent requests never mix their numbers.
 */
export type RoundTrips = { calls: number; durationMs: number };

const storage = new AsyncLocalStorage<RoundTrips>();

export function trackRoundTrips<T>(fn: () => Promise<T>): { counter: RoundTrips; result: Promise<T> } {
  const counter: RoundTrips = { calls: 0, durationMs: 0 };
  return { counter, result: storage.run(counter, fn) };
}

/**
 * Runs bookkeeping outside the request: not awaited by it and not counted in its round trips.
 * Only for writes the request's answer does not depend on and that may be lost (a token's
 * `lastUsedAt`); failures are reported to `onError`.
 */
export function inBackground(work: () => Promise<unknown>, onError: (error: unknown) => void): void {
  storage.exit(() => {
    work().catch(onError);
  });
}

export function currentRoundTrips(): RoundTrips | undefined {
  return storage.getStore();
}
