import { beforeAll, describe, expect, it } from "vitest";
import { writeItems } from "../../../../test/fixtures/batch-write";
import { freshTable } from "../../../../test/table";
import type { Db } from "./client";
import type { Decoder } from "./decode";
import { batchGet } from "./read";
import { trackRoundTrips } from "./round-trips";

let db: Db;
const ITEMS = 230;
const keyOf = (n: number) => ({ pk: `READ#${n}`, sk: "ITEM" });
const decodeN: Decoder<number> = (item) => Number(item.n);

beforeAll(async () => {
  db = await freshTable();
  await writeItems({ db }, db.table, Array.from({ length: ITEMS }, (_, n) => ({ ...keyOf(n), n })));
});

describe("batchGet", () => {
  it("reads more keys than one BatchGetItem holds, a round trip per 100, and finds each item by its key", async () => {
    const keys = [...Array.from({ length: ITEMS }, (_, n) => keyOf(n)), keyOf(ITEMS), keyOf(ITEMS + 1)];
    const { counter, result } = trackRoundTrips(() => batchGet(db, keys));
    const items = await result;
    expect(counter.calls).toBe(3);
    for (let n = 0; n < ITEMS; n++) expect(items.get(keyOf(n), decodeN)).toBe(n);
    expect(items.get(keyOf(ITEMS), decodeN)).toBeUndefined();
    expect(items.get({ pk: "READ#0", sk: "OTHER" }, decodeN)).toBeUndefined();
  });

  it("sends nothing for no keys", async () => {
    const { counter, result } = trackRoundTrips(() => batchGet(db, []));
    expect((await result).get(keyOf(0), decodeN)).toBeUndefined();
    expect(counter.calls).toBe(0);
  });
});
