import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createApp } from "@roster/http";
import { beforeAll, describe, expect, it } from "vitest";
import { localAws } from "../packages/local/src/local-aws";
import { cheapPasswords, testDeps, type TestDeps } from "../test/fixtures/deps";
import { people } from "../test/fixtures/people";
import { freshTable } from "../test/table";
import { recordCommands, recordingHasher, withCapture } from "./capture";
import { formatTable } from "./report";
import { prepare, replay } from "./replay";
import { copyTable } from "./seed";
import { alternatingRatio, median, percentile, ratioOverRounds, spread } from "./stats";
import { overlapping, type Step } from "./steps";

/*
 * The bench's own pieces, small: its arithmetic, and the floor's capture and replay of real
 * requests against the run's DynamoDB Local. `npm run bench` itself takes minutes; this keeps
 * the parts it is made of from rotting between runs.
 */

describe("the bench's arithmetic", () => {
  it("takes medians, percentiles and spreads, and a ratio round by round with its raw medians", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([5, 1, 4, 2, 3], 0.99)).toBe(5);
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(spread([2, 9, 4])).toEqual({ min: 2, median: 4, max: 9, rounds: 3 });
    const { ratio, numerator, denominator } = ratioOverRounds([
      { numerator: [12, 10, 11], denominator: [10, 10, 10] },
      { numerator: [24, 20, 22], denominator: [10, 20, 20] },
    ]);
    expect(ratio).toEqual({ min: 1.1, median: 1.1, max: 1.1, rounds: 2 });
    expect(numerator).toEqual({ min: 11, median: 16.5, max: 22, rounds: 2 });
    expect(denominator).toEqual({ min: 10, median: 15, max: 20, rounds: 2 });
    expect(() => ratioOverRounds([{ numerator: [1], denominator: [0] }])).toThrow(/non-positive/);
    expect(() => median([])).toThrow();
  });

  it("measures a ratio by alternating pairs: the warm-up ones discarded, every measured one seen", async () => {
    let n = 0;
    const seen: number[] = [];
    // Pair k is (k, 1): the two warm-up pairs (0 and 1) must not count.
    const { ratio, numerator } = await alternatingRatio({ warmup: 2, rounds: 2, perRound: 3 }, async () => ({ numerator: n++, denominator: 1 }), (sample) => seen.push(sample.numerator));
    expect(seen).toEqual([2, 3, 4, 5, 6, 7]);
    expect(numerator).toEqual({ min: 3, median: 4.5, max: 6, rounds: 2 });
    expect(ratio.median).toBe(4.5);
  });

  it("groups steps that overlapped in the server, in order of start", () => {
    const step = (startedMs: number, endedMs: number): Step => ({ kind: "hash", password: "p", startedMs, endedMs });
    const groups = overlapping([step(10, 20), step(0, 5), step(12, 30), step(25, 26), step(31, 32)]);
    expect(groups.map((group) => group.map((s) => s.startedMs))).toEqual([[0], [10, 12, 25], [31]]);
  });

  it("prints a failing figure as FAIL and a reported one as reported", () => {
    const table = formatTable([
      { key: "a", what: "x", target: "≤ 1", figure: { min: 1, median: 1.2, max: 1.3, rounds: 3 }, unit: "", pass: false },
      { key: "b", what: "y", target: "reported", figure: { min: 5, median: 6, max: 7, rounds: 3 }, unit: " ms", pass: null },
    ]);
    expect(table).toContain("| a   | x    | ≤ 1      | 1.00    | 1.20    | 1.30    | FAIL     |");
    expect(table).toContain("6.00 ms");
    expect(table).toContain("reported |");
  });
});

describe("the floor", () => {
  let deps: TestDeps;
  let twin: string;
  let token: string;
  let client: DynamoDBClient;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ({ deps } = await testDeps({ passwords: recordingHasher(cheapPasswords) }));
    recordCommands(deps.db);
    const twinDb = await freshTable();
    twin = twinDb.table;
    client = new DynamoDBClient({ endpoint: twinDb.endpoint, ...localAws() });
    token = (await people(deps).owner()).accessToken;
    await copyTable(deps, deps.db.table, twin);
    app = createApp(deps, { clientIp: () => "192.0.2.1" });
  });

  async function captured(path: string, init: RequestInit, status: number) {
    const steps: Step[] = [];
    const response = await withCapture(steps, () => app.request(path, init));
    expect(response.status, await response.clone().text()).toBe(status);
    const calls = Number(/calls=(\d+)/.exec(response.headers.get("Server-Timing") ?? "")?.[1]);
    expect(steps.filter((step) => step.kind === "ddb")).toHaveLength(calls);
    return steps;
  }

  it("replays a list request's commands into the twin", async () => {
    const steps = await captured("/v1/users?limit=50", { headers: { Authorization: `Bearer ${token}` } }, 200);
    expect(steps.map((step) => (step.kind === "ddb" ? step.command : step.kind))).toContain("QueryCommand");
    expect(await replay(prepare(steps, client, cheapPasswords, deps.db.table, twin))).toBeGreaterThan(0);
  });

  it("replays an invitation's transaction into the twin once, and fails loudly when the twin no longer matches", async () => {
    const body = JSON.stringify({ email: "floor@example.com", role: "OPERATOR" });
    const steps = await captured("/v1/users", { method: "POST", body, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" } }, 201);
    await replay(prepare(steps, client, cheapPasswords, deps.db.table, twin));
    // The email is claimed in the twin now: the same transaction is refused where the app's passed.
    await expect(replay(prepare(steps, client, cheapPasswords, deps.db.table, twin))).rejects.toThrow(/failed .* where the app's succeeded/);
  });
});
