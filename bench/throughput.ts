import autocannon from "autocannon";
import { benchClient } from "./client";
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
    const result = await autocannon({ url: `${url}/v1/me`, connections: options.connections, duration: options.seconds, headers: { authorization: `Bearer ${token}` } });
    const broken = result.non2xx + result.errors + result.timeouts;
    if (broken > 0) throw new Error(`Throughput run ${round + 1}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts.`);
    rps.push(result.requests.average);
    p99.push(result.latency.p99);
    p50.push(result.latency.p50);
  }
  return { rps: spread(rps), p99Ms: spread(p99), p50Ms: spread(p50), connections: options.connections, seconds: options.seconds };
}
