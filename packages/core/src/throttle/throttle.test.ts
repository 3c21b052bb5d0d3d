import { describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { giveBack, secondsLeft, signInKeys, takeSlotWrite, THROTTLE_LIMITS, THROTTLE_WINDOW_MS, windowAt } from "./throttle";

const db = { table: "roster-unit" } as unknown as Db;

describe("windowAt", () => {
  it("cuts time into 15-minute windows aligned to the clock", () => {
    expect(THROTTLE_WINDOW_MS).toBe(900_000);
    expect(windowAt(new Date("2026-12-01T10:00:00.000Z"))).toEqual({ start: "2026-12-01T10:00:00.000Z", end: "2026-12-01T10:15:00.000Z" });
    expect(windowAt(new Date("2026-12-01T10:14:59.999Z"))).toEqual({ start: "2026-12-01T10:00:00.000Z", end: "2026-12-01T10:15:00.000Z" });
    expect(windowAt(new Date("2026-12-01T10:15:00.000Z"))).toEqual({ start: "2026-12-01T10:15:00.000Z", end: "2026-12-01T10:30:00.000Z" });
  });
});

describe("secondsLeft", () => {
  const window = windowAt(new Date("2026-12-01T10:00:00.000Z"));
  it("is the whole seconds until the window ends, at least one", () => {
    expect(secondsLeft(window, new Date("2026-12-01T10:00:00.000Z"))).toBe(900);
    expect(secondsLeft(window, new Date("2026-12-01T10:14:58.200Z"))).toBe(2);
    expect(secondsLeft(window, new Date("2026-12-01T10:14:59.999Z"))).toBe(1);
    expect(secondsLeft(window, new Date("2026-12-01T10:15:00.000Z"))).toBe(1);
  });
});

describe("takeSlotWrite", () => {
  const window = windowAt(new Date("2026-12-01T10:03:00.000Z"));

  it("takes one slot of the key's window atomically, refused once the window holds the limit", () => {
    const { Update } = takeSlotWrite(db, { kind: "EMAIL", value: "Ada@Example.com" }, window).write;
    expect(Update).toMatchObject({
      TableName: "roster-unit",
      // A window is an item of its own: nothing has to be read or reset before taking a slot.
      Key: { pk: "THROTTLE#EMAIL#ada@example.com", sk: "WINDOW#2026-12-01T10:00:00.000Z" },
      ConditionExpression: "attribute_not_exists(taken) OR taken < :limit",
    });
    expect(Update!.UpdateExpression).toMatch(/^ADD taken :one SET /);
    expect(Update!.ExpressionAttributeValues).toMatchObject({ ":one": 1, ":limit": 5, ":value": "ada@example.com", ":end": "2026-12-01T10:15:00.000Z" });
  });

  it("gives an address 20 slots, and keeps the window a day past its end", () => {
    expect(THROTTLE_LIMITS).toEqual({ EMAIL: 5, IP: 20 });
    const { Update } = takeSlotWrite(db, { kind: "IP", value: "203.0.113.9" }, window).write;
    expect(Update!.Key).toEqual({ pk: "THROTTLE#IP#203.0.113.9", sk: "WINDOW#2026-12-01T10:00:00.000Z" });
    expect(Update!.ExpressionAttributeValues).toMatchObject({ ":limit": 20, ":ttl": Date.parse("2026-12-02T10:15:00.000Z") / 1000 });
  });
});

describe("giveBack", () => {
  it("clears the account's window and returns the address's one slot, in the window it was taken in", () => {
    const [email, ip] = giveBack(db, [
      { kind: "EMAIL", value: "ada@example.com", windowStart: "2026-12-01T10:00:00.000Z" },
      { kind: "IP", value: "203.0.113.9", windowStart: "2026-12-01T10:00:00.000Z" },
    ]);
    expect(email!.write.Delete).toMatchObject({ Key: { pk: "THROTTLE#EMAIL#ada@example.com", sk: "WINDOW#2026-12-01T10:00:00.000Z" } });
    expect(ip!.write.Update).toMatchObject({
      Key: { pk: "THROTTLE#IP#203.0.113.9", sk: "WINDOW#2026-12-01T10:00:00.000Z" },
      UpdateExpression: "ADD taken :minus",
      ExpressionAttributeValues: { ":minus": -1 },
    });
  });
});

describe("signInKeys", () => {
  it("counts on the account, and on the address when it is known", () => {
    expect(signInKeys("ada@example.com", "203.0.113.9")).toEqual([
      { kind: "EMAIL", value: "ada@example.com" },
      { kind: "IP", value: "203.0.113.9" },
    ]);
    expect(signInKeys("ada@example.com", null)).toEqual([{ kind: "EMAIL", value: "ada@example.com" }]);
  });
});
