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

export function currentRoundTrips(): RoundTrips | undefined {
  return storage.getStore();
}
