import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedRoster, type ServedRoster } from "../test/api/served-roster";
import { brokenOf, hammer } from "./hammer";
import { measureThroughput } from "./throughput";

/*
 * The load helper both `npm run bench` (throughput) and `npm run load` (reads) run, for a second
 * against the real app served on loopback: what it counts, and who decides that a count fails.
 */

let served: ServedRoster;
let token: string;

beforeAll(async () => {
  served = await servedRoster();
  token = (await served.h.owner("owner@hammer.example")).accessToken;
});
afterAll(() => served?.close());

const ONE_SECOND = { connections: 2, seconds: 1 };

describe("hammer", () => {
  it("counts a run of 2xx answers as unbroken, with its rate and latency", async () => {
    const run = await hammer(served.issuer, "/v1/me", token, ONE_SECOND);
    expect(run.requests).toBeGreaterThan(0);
    expect(run.rps).toBeGreaterThan(0);
    expect(run.p99Ms).toBeGreaterThanOrEqual(run.p50Ms);
    expect(brokenOf(run)).toBe(0);
  });

  it("counts every refused answer and leaves the verdict to its caller", async () => {
    const run = await hammer(served.issuer, "/v1/me", "not-a-token", ONE_SECOND);
    expect(run.requests).toBeGreaterThan(0);
    expect(run.non2xx).toBe(run.requests);
    expect(brokenOf(run)).toBe(run.requests);
  });
});

describe("measureThroughput", () => {
  it("gives the rounds' spread of a clean run", async () => {
    const measured = await measureThroughput(served.issuer, token, { rounds: 1, ...ONE_SECOND });
    expect(measured.rps.rounds).toBe(1);
    expect(measured.rps.median).toBeGreaterThan(0);
    expect(measured).toMatchObject({ connections: 2, seconds: 1 });
  });

  it("refuses to measure with a token the API does not take", async () => {
    await expect(measureThroughput(served.issuer, "not-a-token", { rounds: 1, ...ONE_SECOND })).rejects.toThrow(/answered 401, not 200/);
  });
});
