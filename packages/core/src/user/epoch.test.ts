import { describe, expect, it } from "vitest";
import { epochUnchanged } from "./epoch";

describe("epochUnchanged", () => {
  it("asks for the epoch read, or for its absence when it was never moved on", () => {
    expect(epochUnchanged("sessionEpoch", 3)).toEqual({ condition: "sessionEpoch = :epoch", values: { ":epoch": 3 } });
    expect(epochUnchanged("tokenEpoch", undefined)).toEqual({ condition: "attribute_not_exists(tokenEpoch)", values: {} });
    expect(epochUnchanged("tokenEpoch", 0)).toEqual({ condition: "attribute_not_exists(tokenEpoch)", values: {} });
  });
});
