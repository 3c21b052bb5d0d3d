import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromItem, toAttributes } from "./attribute-values";

/** Values of every kind DynamoDB stores, nested. */
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.double({ noNaN: true, min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.integer(),
    fc.bigInt({ min: 2n ** 53n, max: 2n ** 80n }),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ minLength: 1, maxLength: 8 }),
    fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }).map((strings) => new Set(strings)),
    fc.uniqueArray(fc.integer(), { minLength: 1, maxLength: 4 }).map((numbers) => new Set(numbers)),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie("value"), { maxKeys: 4 }),
  ),
}));
const item = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), value, { minKeys: 1, maxKeys: 8 });

describe("fromItem", () => {
  it("reads every item as util-dynamodb's unmarshall does", () => {
    fc.assert(
      fc.property(item, (plain) => {
        const stored = toAttributes(plain);
        expect(fromItem(stored)).toStrictEqual(unmarshall(stored));
      }),
      { numRuns: 400 },
    );
  });

  it("gives back what was written, numbers past 2^53 as bigints", () => {
    const written = { pk: "USER#1", n: 7, big: 2n ** 60n, ratio: 0.25, on: true, none: null, tags: new Set(["a", "b"]), nested: { list: [1, "two", { three: 3 }] } };
    expect(fromItem(toAttributes(written))).toStrictEqual(written);
  });

  it("drops undefined values on the way out, as the document client does", () => {
    expect(toAttributes({ a: 1, b: undefined })).toEqual({ a: { N: "1" } });
  });

  it("refuses a type it does not know rather than guessing", () => {
    const unknown: Record<string, AttributeValue> = { odd: { $unknown: ["X", "?"] } };
    expect(() => fromItem(unknown)).toThrow(/does not read/);
  });
});
