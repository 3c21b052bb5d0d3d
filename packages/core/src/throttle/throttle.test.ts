import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { freshTable } from "../../../../test/table";
import { silentLogger } from "../log";
import type { Db } from "../store/client";
import { Keys } from "../store/keys";
import { transact } from "../store/transact";
import { giveBack, secondsLeft, signInKeys, takeSlots, THROTTLE_LIMITS, THROTTLE_WINDOW_MS, windowAt } from "./throttle";

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

describe("takeSlots and giveBack, against DynamoDB", () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshTable();
  });
  const at = (iso: string) => ({ db, clock: { now: () => new Date(iso) }, log: silentLogger });
  const windowOf = async (kind: "EMAIL" | "IP", value: string, start: string) =>
    (await db.doc.send(new GetCommand({ TableName: db.table, Key: Keys.throttle(kind, value, start), ConsistentRead: true }))).Item;

  it("gives an account 5 slots per window, then refuses with the seconds left and counts the refusals", async () => {
    const deps = at("2026-12-01T10:03:00.000Z");
    for (let i = 0; i < THROTTLE_LIMITS.EMAIL; i++) await takeSlots(deps, [{ kind: "EMAIL", value: "Ada@Example.com" }]);
    await expect(takeSlots(deps, [{ kind: "EMAIL", value: "ada@example.com" }])).rejects.toMatchObject({ code: "auth.throttled", details: { retryAfterSeconds: 720 } });
    // One window is one item, kept a day past its end for the job that reads its refusals.
    expect(await windowOf("EMAIL", "ada@example.com", "2026-12-01T10:00:00.000Z")).toMatchObject({
      taken: 5,
      refused: 1,
      windowEnd: "2026-12-01T10:15:00.000Z",
      ttl: Date.parse("2026-12-02T10:15:00.000Z") / 1000,
    });
    // The next window starts empty.
    await takeSlots(at("2026-12-01T10:15:00.000Z"), [{ kind: "EMAIL", value: "ada@example.com" }]);
  });

  it("gives an address 20, and takes all of a request's slots or none", async () => {
    const deps = at("2026-12-01T11:00:00.000Z");
    for (let i = 0; i < THROTTLE_LIMITS.IP; i++) await takeSlots(deps, [{ kind: "IP", value: "203.0.113.9" }]);
    await expect(takeSlots(deps, signInKeys("grace@example.com", "203.0.113.9"))).rejects.toMatchObject({ code: "auth.throttled" });
    // The account's slot was not taken by the refused request.
    expect(await windowOf("EMAIL", "grace@example.com", "2026-12-01T11:00:00.000Z")).toBeUndefined();
  });

  it("giveBack clears the account's slots (keeping its refusals) and returns the address's one slot", async () => {
    const deps = at("2026-12-01T12:00:00.000Z");
    let slots: Awaited<ReturnType<typeof takeSlots>> = [];
    for (let i = 0; i < THROTTLE_LIMITS.EMAIL; i++) slots = await takeSlots(deps, signInKeys("lin@example.com", "198.51.100.4"));
    await expect(takeSlots(deps, signInKeys("lin@example.com", "198.51.100.5"))).rejects.toMatchObject({ code: "auth.throttled" });
    await transact(db, giveBack(db, slots));
    expect(await windowOf("EMAIL", "lin@example.com", "2026-12-01T12:00:00.000Z")).toMatchObject({ taken: 0, refused: 1 });
    expect(await windowOf("IP", "198.51.100.4", "2026-12-01T12:00:00.000Z")).toMatchObject({ taken: 4 });
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
