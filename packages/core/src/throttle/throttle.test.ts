import { describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { recordFailure, retryAfterSeconds, type ThrottleItem, type ThrottleKind } from "./throttle";

// Write.update only reads the table name; no client is needed to build the transaction item.
const db = { table: "roster-unit" } as unknown as Db;

const LAST = new Date("2025-03-01T12:00:00.000Z");
const at = (ms: number) => new Date(LAST.getTime() + ms);
const item = (failures: number, lastFailureAt: Date = LAST): ThrottleItem => ({
  pk: "THROTTLE#EMAIL#ada@example.com",
  sk: "THROTTLE",
  failures,
  lastFailureAt: lastFailureAt.toISOString(),
  ttl: 0,
});

describe("retryAfterSeconds", () => {
  it("is 0 without a counter", () => {
    expect(retryAfterSeconds("EMAIL", undefined, LAST)).toBe(0);
    expect(retryAfterSeconds("IP", undefined, LAST)).toBe(0);
  });

  it("is 0 within the free allowance (EMAIL: 4 failures, IP: 19)", () => {
    for (let failures = 0; failures <= 4; failures++) expect(retryAfterSeconds("EMAIL", item(failures), LAST)).toBe(0);
    for (let failures = 0; failures <= 19; failures++) expect(retryAfterSeconds("IP", item(failures), LAST)).toBe(0);
  });

  it.each<[ThrottleKind, number]>([
    ["EMAIL", 5],
    ["IP", 20],
  ])("waits 1 s after the %s allowance is used up (%i failures), measured from lastFailureAt", (kind, failures) => {
    expect(retryAfterSeconds(kind, item(failures), LAST)).toBe(1);
    expect(retryAfterSeconds(kind, item(failures), at(999))).toBe(1);
    expect(retryAfterSeconds(kind, item(failures), at(1000))).toBe(0);
    // One failure fewer is still free.
    expect(retryAfterSeconds(kind, item(failures - 1), LAST)).toBe(0);
  });

  it("doubles the wait per further failure", () => {
    const waits = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((failures) => retryAfterSeconds("EMAIL", item(failures), LAST));
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);
    const ipWaits = [20, 21, 22, 23].map((failures) => retryAfterSeconds("IP", item(failures), LAST));
    expect(ipWaits).toEqual([1, 2, 4, 8]);
  });

  it("caps the wait at 900 s (15 min)", () => {
    expect(retryAfterSeconds("EMAIL", item(15), LAST)).toBe(900); // 2^10 = 1024 capped
    expect(retryAfterSeconds("EMAIL", item(40), LAST)).toBe(900);
    expect(retryAfterSeconds("EMAIL", item(5000), LAST)).toBe(900);
    expect(retryAfterSeconds("IP", item(30), LAST)).toBe(900);
    expect(retryAfterSeconds("EMAIL", item(40), at(900_000))).toBe(0);
  });

  it("shrinks the remaining time as now advances, rounding up to whole seconds", () => {
    const counter = item(9); // 16 s
    expect(retryAfterSeconds("EMAIL", counter, LAST)).toBe(16);
    expect(retryAfterSeconds("EMAIL", counter, at(1))).toBe(16);
    expect(retryAfterSeconds("EMAIL", counter, at(5_000))).toBe(11);
    expect(retryAfterSeconds("EMAIL", counter, at(5_500))).toBe(11);
    expect(retryAfterSeconds("EMAIL", counter, at(15_001))).toBe(1);
    expect(retryAfterSeconds("EMAIL", counter, at(16_000))).toBe(0);
    expect(retryAfterSeconds("EMAIL", counter, at(60_000))).toBe(0);
  });

  it("is 0 again once lastFailureAt is an hour old (stale)", () => {
    // The longest wait (900 s) ends well before the hour, so a stale counter never throttles.
    expect(retryAfterSeconds("EMAIL", item(40), at(3_600_000 - 1))).toBe(0);
    expect(retryAfterSeconds("EMAIL", item(40), at(3_600_000))).toBe(0);
    expect(retryAfterSeconds("IP", item(40), at(7_200_000))).toBe(0);
    // …while a fresh one with the same count still does.
    expect(retryAfterSeconds("EMAIL", item(40), at(1_000))).toBe(899);
  });
});

describe("retryAfterSeconds with a window baseline", () => {
  it("counts only the failures since the window's baseline", () => {
    const counter = { ...item(45), baseline: 40 }; // 5 failures in this window
    expect(retryAfterSeconds("EMAIL", counter, LAST)).toBe(1);
    expect(retryAfterSeconds("EMAIL", { ...item(44), baseline: 40 }, LAST)).toBe(0);
    expect(retryAfterSeconds("EMAIL", { ...item(49), baseline: 40 }, LAST)).toBe(16);
    expect(retryAfterSeconds("IP", { ...item(60), baseline: 40 }, LAST)).toBe(1);
    expect(retryAfterSeconds("EMAIL", { ...item(45), baseline: 0 }, LAST)).toBe(900);
  });
});

describe("recordFailure", () => {
  const update = (entry: ReturnType<typeof recordFailure>) => {
    expect(entry.Update).toBeDefined();
    return entry.Update!;
  };
  const TTL = Math.floor(LAST.getTime() / 1000) + 3600 + 900;

  // Design (commit 29b03d7, "Count every parallel sign-in failure"): the count only ever grows with
  // ADD so parallel failures are never lost; a window restarts by moving `baseline`, not by SET failures = 1.
  it("starts a counter at one with ADD when there is none yet", () => {
    const u = update(recordFailure(db, "EMAIL", "Ada@Example.com", undefined, LAST));
    expect(u.TableName).toBe("roster-unit");
    expect(u.Key).toEqual({ pk: "THROTTLE#EMAIL#ada@example.com", sk: "THROTTLE" });
    expect(u.UpdateExpression).toBe("ADD failures :one SET lastFailureAt = :now, #ttl = :ttl, entity = :entity");
    expect(u.ExpressionAttributeNames).toEqual({ "#ttl": "ttl" });
    // The counter must outlive both the forget window (1 h) and the longest wait (15 min).
    expect(u.ExpressionAttributeValues).toEqual({ ":one": 1, ":now": LAST.toISOString(), ":ttl": TTL, ":entity": "Throttle" });
  });

  it("restarts the window of a stale counter (last failure ≥ 1 h ago) at one: baseline = the count it was read with", () => {
    const now = at(3_600_000);
    const u = update(recordFailure(db, "IP", "203.0.113.9", { ...item(40), baseline: 12 }, now));
    expect(u.Key).toEqual({ pk: "THROTTLE#IP#203.0.113.9", sk: "THROTTLE" });
    expect(u.UpdateExpression).toBe("ADD failures :one SET baseline = :baseline, lastFailureAt = :now, #ttl = :ttl, entity = :entity");
    expect(u.ExpressionAttributeValues).toMatchObject({ ":one": 1, ":baseline": 40, ":now": now.toISOString() });
    // After the write: failures 41, baseline 40 → one failure in the new window → no wait yet.
    expect(retryAfterSeconds("IP", { ...item(41, now), baseline: 40 }, now)).toBe(0);
  });

  it("increments atomically (ADD) and keeps the baseline while the counter is fresh", () => {
    const now = at(3_600_000 - 1);
    const u = update(recordFailure(db, "EMAIL", "ada@example.com", { ...item(3), baseline: 1 }, now));
    expect(u.UpdateExpression).toBe("ADD failures :one SET lastFailureAt = :now, #ttl = :ttl, entity = :entity");
    expect(u.UpdateExpression).not.toContain("failures = ");
    expect(u.UpdateExpression).not.toContain("baseline");
    expect(u.ExpressionAttributeValues).not.toHaveProperty(":baseline");
    expect(u.ExpressionAttributeValues).toMatchObject({ ":one": 1, ":now": now.toISOString() });
  });
});
