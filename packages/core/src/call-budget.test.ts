import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_CALL_BUDGET, sdkCallConfig, worstCaseMs } from "./call-budget";
import { readSettings } from "./config";

/** API Gateway's integration timeout: a request still waiting then is answered 503 by API Gateway, not by Roster. */
const API_GATEWAY_MS = 30_000;

describe("the AWS call budget", () => {
  it("is the documented 1 s to connect, 2 s per attempt, two attempts: at most 5 s a call", () => {
    expect(DEFAULT_CALL_BUDGET).toEqual({ connectTimeoutMs: 1000, requestTimeoutMs: 2000, maxAttempts: 2 });
    expect(readSettings({ ROSTER_PUBLIC_URL: "https://roster.example.com" }).awsCalls).toEqual(DEFAULT_CALL_BUDGET);
    // Two 2 s attempts and the longest backoff between them (after throttling).
    expect(worstCaseMs(DEFAULT_CALL_BUDGET)).toBe(5_000);
    // A request meets a stalled table at its first call; even three calls each stalled fit.
    expect(3 * worstCaseMs(DEFAULT_CALL_BUDGET)).toBeLessThan(API_GATEWAY_MS);
  });

  it("grows with each attempt by the timeout and a doubling backoff", () => {
    expect(worstCaseMs({ connectTimeoutMs: 100, requestTimeoutMs: 500, maxAttempts: 1 })).toBe(500);
    expect(worstCaseMs({ connectTimeoutMs: 100, requestTimeoutMs: 500, maxAttempts: 3 })).toBe(3 * 500 + 1000 + 2000);
  });

  it("gives the SDK timeouts that throw, not ones that only warn", () => {
    expect(sdkCallConfig(DEFAULT_CALL_BUDGET)).toEqual({
      maxAttempts: 2,
      retryMode: "standard",
      requestHandler: { connectionTimeout: 1000, requestTimeout: 2000, throwOnRequestTimeout: true, socketTimeout: 2000 },
    });
  });

  it("is in the README's Configuration table with the same figures", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(readme).toContain(`| \`ROSTER_AWS_CONNECT_TIMEOUT_MS\` | \`${DEFAULT_CALL_BUDGET.connectTimeoutMs}\` |`);
    expect(readme).toContain(`| \`ROSTER_AWS_REQUEST_TIMEOUT_MS\` | \`${DEFAULT_CALL_BUDGET.requestTimeoutMs}\` |`);
    expect(readme).toContain(`| \`ROSTER_AWS_MAX_ATTEMPTS\` | \`${DEFAULT_CALL_BUDGET.maxAttempts}\` |`);
    expect(readme).toContain("## When a dependency fails");
  });
});
