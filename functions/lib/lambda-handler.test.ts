import type { Context } from "aws-lambda";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { lambdaHandler } from "./lambda-handler";

/** What Lambda hands a Node.js handler as its second argument (the fields Powertools reads). */
const lambdaContext = (awsRequestId: string) =>
  ({
    awsRequestId,
    functionName: "prod-roster-Api-api",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:prod-roster-Api-api",
    memoryLimitInMB: "1024",
    getRemainingTimeInMillis: () => 10_000,
  }) as unknown as Context;

/** The JSON lines Powertools writes (info to stdout, warnings and errors to stderr) while `run` runs. */
async function logLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const record = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  const spies = [vi.spyOn(process.stdout, "write").mockImplementation(record), vi.spyOn(process.stderr, "write").mockImplementation(record)];
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return written.join("").split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** What Lambda sets and Powertools reads when a logger is made: the level, and that this is an on-demand start (cold_start). */
const LAMBDA_ENV = { POWERTOOLS_LOG_LEVEL: "INFO", AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand" };
const saved = Object.fromEntries(Object.keys(LAMBDA_ENV).map((name) => [name, process.env[name]]));
beforeEach(() => {
  Object.assign(process.env, LAMBDA_ENV);
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("lambdaHandler", () => {
  it("gives every log line the request id of the invocation that wrote it", async () => {
    const handler = lambdaHandler("roster-test", (log) => async (event: { n: number }) => {
      log.info("handled", { n: event.n });
      return event.n;
    });
    const lines = await logLines(async () => {
      expect(await handler({ n: 1 }, lambdaContext("request-1"))).toBe(1);
      expect(await handler({ n: 2 }, lambdaContext("request-2"))).toBe(2);
    });
    expect(lines).toEqual([
      expect.objectContaining({ message: "handled", n: 1, service: "roster-test", function_request_id: "request-1", cold_start: true, function_name: "prod-roster-Api-api" }),
      expect.objectContaining({ message: "handled", n: 2, function_request_id: "request-2", cold_start: false }),
    ]);
  });

  it("carries the request id into lines written while building the handler, and builds it once", async () => {
    let builds = 0;
    const handler = lambdaHandler("roster-test", async (log) => {
      builds += 1;
      log.warn("building");
      return async () => "done";
    });
    const lines = await logLines(async () => {
      await handler({}, lambdaContext("request-1"));
      await handler({}, lambdaContext("request-2"));
    });
    expect(builds).toBe(1);
    expect(lines).toEqual([expect.objectContaining({ message: "building", function_request_id: "request-1" })]);
  });

  it("tries a failed build again on the next invocation", async () => {
    let builds = 0;
    const handler = lambdaHandler("roster-test", () => {
      builds += 1;
      if (builds === 1) throw new Error("ROSTER_TABLE_NAME is not set for this function.");
      return async () => "built";
    });
    await expect(handler({}, lambdaContext("request-1"))).rejects.toThrow("ROSTER_TABLE_NAME is not set");
    expect(await handler({}, lambdaContext("request-2"))).toBe("built");
  });
});
