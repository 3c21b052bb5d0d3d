import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSigningKeyJwk } from "@roster/core";
import { findFreePorts } from "../packages/local/src/free-port";

/*
 * The api's exported handler as Lambda loads it, in a Node process of its own (SST's Config reads
 * the environment once, when it is first imported): its keys come from the SST secrets bound to
 * it, and its log lines carry the invocation's request id. The values here are what SST sets when
 * it resolves a secret itself (`sst bind`); deployed, they are SSM placeholders, which
 * stacks/stacks.test.ts runs against a fake Parameter Store.
 */

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

const INVOKE = `
  const { handler } = await import("./functions/api.ts");
  const event = (method, path, body) => ({
    version: "2.0", routeKey: "$default", rawPath: path, rawQueryString: "",
    headers: { host: "roster.test", "content-type": "application/json" },
    requestContext: {
      accountId: "123456789012", apiId: "api", domainName: "roster.test", domainPrefix: "roster",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "198.51.100.7", userAgent: "test" },
      requestId: "apigw", routeKey: "$default", stage: "$default", time: "25/Nov/2026:10:00:00 +0000", timeEpoch: Date.now(),
    },
    body: body == null ? undefined : JSON.stringify(body), isBase64Encoded: false,
  });
  const context = (awsRequestId) => ({ awsRequestId, functionName: "prod-roster-Api-api", getRemainingTimeInMillis: () => 10000 });
  const results = [];
  for (const [method, path, body, requestId] of JSON.parse(process.env.TEST_CALLS)) {
    try {
      const result = await handler(event(method, path, body), context(requestId));
      results.push({ statusCode: result.statusCode, body: result.body });
    } catch (error) {
      results.push({ error: error.message });
    }
  }
  process.stdout.write("RESULTS " + JSON.stringify(results) + "\\n");
`;

type Call = [method: string, path: string, body: unknown, requestId: string];

let baseEnv: Record<string, string>;
beforeAll(async () => {
  const [closedPort] = await findFreePorts(1);
  baseEnv = {
    PATH: process.env.PATH ?? "",
    // What SST sets on every function, and on a function bound to the two secrets.
    SST_APP: "roster",
    SST_STAGE: "test",
    SST_SSM_PREFIX: "/sst/roster/test/",
    SST_Secret_value_ROSTER_TOKEN_SIGNING_KEY: await generateSigningKeyJwk(),
    SST_Secret_value_ROSTER_TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    // Nothing listens there: a request that reads the table fails, and the api logs it.
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${closedPort}`,
    AWS_MAX_ATTEMPTS: "1",
    ROSTER_TABLE_NAME: "roster-test",
    ROSTER_PUBLIC_URL: "https://roster.test",
    POWERTOOLS_LOG_LEVEL: "INFO",
  };
});

/** Runs the calls through the exported handler, under the flags `npm start` uses (tsx, `?raw`). */
async function invoke(calls: Call[], env: Record<string, string | undefined> = {}) {
  const flags = ["--import", "tsx", "--import", "./packages/local/src/raw-text-loader.ts", "--input-type=module", "--eval", INVOKE];
  const merged = Object.fromEntries(Object.entries({ ...baseEnv, ...env, TEST_CALLS: JSON.stringify(calls) }).filter(([, value]) => value !== undefined));
  const { stdout, stderr } = await promisify(execFile)(process.execPath, flags, { cwd: REPO_ROOT, env: merged });
  const lines = `${stdout}\n${stderr}`.split("\n");
  const results = JSON.parse(lines.find((line) => line.startsWith("RESULTS "))!.slice("RESULTS ".length)) as { statusCode?: number; body?: string; error?: string }[];
  const logs = lines.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { results, logs };
}

describe("the api's exported handler", () => {
  it("reads its keys through SST's Config and logs with each invocation's request id", async () => {
    const lookup = { token: `st.usr_0000000000.${"A".repeat(43)}` };
    const { results, logs } = await invoke([
      ["GET", "/health", null, "request-1"],
      ["POST", "/v1/setup/lookup", lookup, "request-2"],
    ]);
    // The first request built the ports, keys included (an unusable signing key fails the build).
    expect(results.map((result) => result.statusCode), JSON.stringify(results)).toEqual([200, 503]);
    expect(logs).toEqual([expect.objectContaining({ level: "ERROR", message: "storage unavailable", service: "roster-api", function_request_id: "request-2" })]);
  }, 60_000);

  it("fails, naming it, when a key is not bound to the function", async () => {
    const { results } = await invoke([["GET", "/health", null, "request-1"]], { SST_Secret_value_ROSTER_TOTP_ENCRYPTION_KEY: undefined });
    expect(results).toEqual([{ error: expect.stringContaining("Config.ROSTER_TOTP_ENCRYPTION_KEY") }]);
  }, 60_000);
});
