import autocannon from "autocannon";

/** What one autocannon run on an authenticated GET gave: its rate and latency, and every answer that was not a 2xx. */
export type Hammered = {
  requests: number;
  /** Requests per second, averaged over the run's seconds (unrounded). */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
};

/**
 * autocannon on one authenticated GET, from `connections` concurrent connections for `seconds`.
 * It only counts what went wrong (non-2xx answers, errors, timeouts): whether that fails the run
 * is the caller's to decide, as a report that records it or a measurement that refuses it.
 */
export async function hammer(url: string, path: string, token: string, options: { connections: number; seconds: number }): Promise<Hammered> {
  const result = await autocannon({ url: `${url}${path}`, connections: options.connections, duration: options.seconds, headers: { authorization: `Bearer ${token}` } });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** How many of the run's requests got no 2xx: a figure measured with any of them counts for nothing. */
export const brokenOf = (run: Pick<Hammered, "non2xx" | "errors" | "timeouts">) => run.non2xx + run.errors + run.timeouts;
