import { describe, expect, it } from "vitest";
import { fromStreamImage } from "./stream-image";

describe("fromStreamImage", () => {
  it("reads every kind of value Roster stores, nested", () => {
    expect(
      fromStreamImage({
        id: { S: "evt_1" },
        ttl: { N: "1796206500" },
        ok: { BOOL: false },
        tenant: { NULL: true },
        actor: { M: { type: { S: "user" }, email: { S: "ada@example.com" } } },
        list: { L: [{ S: "a" }, { N: "2" }] },
        tenants: { SS: ["acme", "globex"] },
        steps: { NS: ["1", "2"] },
      }),
    ).toEqual({
      id: "evt_1",
      ttl: 1796206500,
      ok: false,
      tenant: null,
      actor: { type: "user", email: "ada@example.com" },
      list: ["a", 2],
      tenants: new Set(["acme", "globex"]),
      steps: new Set([1, 2]),
    });
  });

  it("refuses a binary rather than guessing what it holds", () => {
    expect(() => fromStreamImage({ blob: { B: "AAEC" } })).toThrow(/does not store: B/);
  });
});
