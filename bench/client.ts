import { Agent, request as httpRequest } from "node:http";

/*
 * The bench's HTTP client: node:http over one keep-alive connection, the lightest client Node
 * has, so that what a request costs over HTTP is the server's and the wire's, not a client's.
 * Every answer's status is checked: a number from a broken request must never count.
 */

export type Answer = { status: number; ms: number; calls: number; json: unknown; headers: Record<string, string | string[] | undefined> };
export type CallOptions = { body?: unknown; token?: string; expect: number; headers?: Record<string, string> };

export class BenchRequestError extends Error {
  override readonly name = "BenchRequestError";
}

export function benchClient(base: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(base);

  function call(method: string, path: string, options: CallOptions): Promise<Answer> {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const ms = performance.now() - started;
          const text = Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          if (status !== options.expect) {
            reject(new BenchRequestError(`${method} ${path} answered ${status}, not ${options.expect}: ${text.slice(0, 500)}`));
            return;
          }
          const timing = String(res.headers["server-timing"] ?? "");
          const calls = Number(/calls=(\d+)/.exec(timing)?.[1] ?? NaN);
          const json = /json/.test(String(res.headers["content-type"] ?? "")) && text ? JSON.parse(text) : text;
          resolve({ status, ms, calls, json, headers: res.headers });
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  return { call, close: () => agent.destroy() };
}
export type BenchClient = ReturnType<typeof benchClient>;
