import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/*
 * A function's bundle run as Lambda would load it: a fresh Node process importing the handler
 * (ESM, the bundle's own node_modules) and invoking it with events. Shared by the stack tests
 * (stacks.test.ts) and the cold-start benchmark (bench/cold-start.ts).
 */

const RESULTS = "RESULTS ";

/**
 * The arm64 argon2 binary a bundle carries cannot load here: the copy that runs gets this
 * machine's binary package beside it (the loader picks the one for its platform).
 */
export async function carryHostNatives(copy: string, repositoryRoot: string): Promise<void> {
  if (!existsSync(join(copy, "node_modules/@node-rs/argon2"))) return;
  for (const entry of await readdir(join(repositoryRoot, "node_modules/@node-rs"))) {
    if (entry.startsWith("argon2-")) await cp(join(repositoryRoot, "node_modules/@node-rs", entry), join(copy, "node_modules/@node-rs", entry), { recursive: true });
  }
}

/** Writes `invoke.mjs` into the bundle's folder: it imports the handler, invokes it with each event of SMOKE_EVENTS, prints the results. */
export async function writeInvoker(copy: string, handlerFile: string): Promise<void> {
  await writeFile(
    join(copy, "invoke.mjs"),
    [
      `const { handler } = await import(${JSON.stringify(`./${handlerFile}`)});`,
      `const results = [];`,
      `for (const event of JSON.parse(process.env.SMOKE_EVENTS)) results.push(await handler(event, { awsRequestId: "smoke", getRemainingTimeInMillis: () => 60000 }));`,
      `process.stdout.write("\\n${RESULTS}" + JSON.stringify(results) + "\\n");`,
    ].join("\n"),
  );
}

export type Invocation = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  results: any[];
  stdout: string;
  stderr: string;
  /** From spawning the process to its printing the results: a cold start and the invocations. */
  answeredMs: number;
};

/** Runs `invoke.mjs` in a fresh Node process with only `env` (SMOKE_EVENTS added); fails with the output when it does not answer. */
export function runInvoker(copy: string, env: Record<string, string>, events: unknown[], timeoutMs = 100_000): Promise<Invocation> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let answeredMs = NaN;
    // Killed before its caller times out: a bundle that hangs fails rather than outliving the run.
    const child = spawn(process.execPath, ["invoke.mjs"], { cwd: copy, env: { ...env, SMOKE_EVENTS: JSON.stringify(events) }, timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (Number.isNaN(answeredMs) && stdout.includes(`\n${RESULTS}`) && stdout.endsWith("\n")) answeredMs = performance.now() - started;
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => {
      const line = stdout.split("\n").find((text) => text.startsWith(RESULTS));
      if (code !== 0 || !line) reject(new Error(`${copy} exited ${code}:\n${stdout}\n${stderr}`));
      else resolve({ results: JSON.parse(line.slice(RESULTS.length)), stdout, stderr, answeredMs });
    });
  });
}

/** An API Gateway (HTTP API, payload 2.0) event; `headers` add to or replace the defaults. */
export const httpEvent = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => ({
  version: "2.0",
  routeKey: "$default",
  rawPath: path,
  rawQueryString: "",
  headers: { host: "roster.test", "content-type": "application/json", "user-agent": "smoke", ...headers },
  requestContext: {
    accountId: "123456789012",
    apiId: "api",
    domainName: "roster.test",
    domainPrefix: "roster",
    http: { method, path, protocol: "HTTP/1.1", sourceIp: "198.51.100.7", userAgent: "smoke" },
    requestId: "smoke-request",
    routeKey: "$default",
    stage: "$default",
    time: "25/Nov/2026:10:00:00 +0000",
    timeEpoch: Date.now(),
  },
  body: body === undefined ? undefined : JSON.stringify(body),
  isBase64Encoded: false,
});
