import { Agent, request as httpRequest } from "node:http";
import { percentile } from "./stats";

/*
 * Many JSON POSTs at once, each answer's status and time kept: the load script's sign-ins and its
 * throttle storms. A request may leave from an address of its own (any of 127.0.0.0/8 on Linux's
 * loopback), which is how one machine plays a thousand clients to a server that throttles by
 * the socket's address, as npm start does.
 */

/** `body` is made when the request leaves, so what depends on the moment (a TOTP code) is fresh. */
export type Shot = { path: string; body: () => unknown; from?: string };
export type Hit = { status: number; ms: number };

/** `shots` with at most `concurrency` in flight; a request that fails on the wire counts as status 0. */
export async function fire(base: string, shots: readonly Shot[], concurrency: number): Promise<Hit[]> {
  const url = new URL(base);
  // Keep-alive only where every shot leaves from the same address: a pooled socket has one.
  const agent = shots.some((shot) => shot.from) ? undefined : new Agent({ keepAlive: true, maxSockets: concurrency });
  const hits: Hit[] = new Array(shots.length);
  let next = 0;
  const one = (shot: Shot) =>
    new Promise<Hit>((resolve) => {
      const started = performance.now();
      const body = JSON.stringify(shot.body());
      const req = httpRequest(
        { host: url.hostname, port: url.port, method: "POST", path: shot.path, headers: { "content-type": "application/json" }, localAddress: shot.from, agent: agent ?? false },
        (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
          res.on("error", () => resolve({ status: 0, ms: performance.now() - started }));
        },
      );
      req.on("error", () => resolve({ status: 0, ms: performance.now() - started }));
      req.end(body);
    });
  const worker = async () => {
    while (next < shots.length) {
      const index = next++;
      hits[index] = await one(shots[index]!);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, shots.length) }, worker));
  } finally {
    agent?.destroy();
  }
  return hits;
}

/** How many answers had each status, e.g. { "401": 5, "429": 995 }. */
export function tally(hits: readonly Hit[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const hit of hits) counts[hit.status] = (counts[hit.status] ?? 0) + 1;
  return counts;
}

export function latency(hits: readonly Hit[]) {
  const ms = hits.map((hit) => hit.ms);
  const round = (value: number) => Math.round(value * 10) / 10;
  return { p50Ms: round(percentile(ms, 0.5)), p99Ms: round(percentile(ms, 0.99)), maxMs: round(Math.max(...ms)) };
}

/** The n-th of many distinct loopback addresses: 127.1.0.1, 127.1.0.2, … (never 127.0.0.1). */
export const loopbackAddress = (n: number, block = 1) => `127.${block}.${Math.floor((n + 1) / 256)}.${(n + 1) % 256}`;
