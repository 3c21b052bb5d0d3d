import { benchClient } from "./client";
import { brokenOf, hammer } from "./hammer";
import { spread } from "./stats";

/*
 * throughput.rps: authenticated GET /v1/me from 16 concurrent connections for 10 s (autocannon),
 * with its p99 latency. A run with any non-2xx answer, error or timeout does not count.
 */

export async function measureThroughput(url: string, token: string, options: { rounds: number; seconds: number; connections: number }) {
  const http = benchClient(url);
  try {
    // One checked answer first: a 401 here would otherwise be 10 s of fast failures counted as throughput.
    await http.call("GET", "/v1/me", { token, expect: 200 });
  } finally {
    http.close();
  }
  const rps: number[] = [];
  const p99: number[] = [];
  const p50: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const run = await hammer(url, "/v1/me", token, options);
    if (brokenOf(run) > 0) throw new Error(`Throughput run ${round + 1}: ${run.non2xx} non-2xx answers, ${run.errors} errors, ${run.timeouts} timeouts.`);
    rps.push(run.rps);
    p99.push(run.p99Ms);
    p50.push(run.p50Ms);
  }
  return { rps: spread(rps), p99Ms: spread(p99), p50Ms: spread(p50), connections: options.connections, seconds: options.seconds };
}
