import { benchClient } from "./client";
import { spread, type Plan } from "./stats";

/*
 * cpu.list: the server process's own CPU time (user + system, process.cpuUsage() inside it) per
 * list request, over rounds of sequential requests. The server is a process of its own, so
 * nothing of the client's or DynamoDB Local's work is in it.
 */

async function serverCpuMicros(url: string): Promise<number> {
  const response = await fetch(`${url}/__bench/cpu`);
  if (!response.ok) throw new Error(`The server's CPU time is not available: ${response.status}`);
  const usage = (await response.json()) as { user: number; system: number };
  return usage.user + usage.system;
}

export async function measureListCpu(url: string, token: string, plan: Plan) {
  const http = benchClient(url);
  try {
    for (let n = 0; n < plan.warmup; n++) await http.call("GET", "/v1/users?limit=50", { token, expect: 200 });
    const perRequest: number[] = [];
    for (let round = 0; round < plan.rounds; round++) {
      const before = await serverCpuMicros(url);
      for (let n = 0; n < plan.perRound; n++) await http.call("GET", "/v1/users?limit=50", { token, expect: 200 });
      perRequest.push((await serverCpuMicros(url)) - before);
    }
    return { msPerRequest: spread(perRequest.map((micros) => micros / plan.perRound / 1000)) };
  } finally {
    http.close();
  }
}
