import { describe, expect, it } from "vitest";
import { isDomainError } from "../error";
import { matches, parseFilter } from "./filter";

describe("parseFilter", () => {
  it("reads eq terms joined by and, names and keywords in any case, values as JSON strings", () => {
    expect(parseFilter('userName eq "ada@example.com"')).toEqual([{ attribute: "userName", value: "ada@example.com" }]);
    expect(parseFilter('USERNAME EQ "a\\"b" AND externalId eq "x"')).toEqual([
      { attribute: "userName", value: 'a"b' },
      { attribute: "externalId", value: "x" },
    ]);
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:displayName eq "Ada"')).toEqual([{ attribute: "displayName", value: "Ada" }]);
  });

  it("refuses anything else as invalidFilter", () => {
    for (const filter of ['userName sw "a"', 'userName eq "a" or userName eq "b"', "userName eq a", 'title eq "x"', '(userName eq "a")', 'userName eq "a" and', ""]) {
      expect(() => parseFilter(filter), filter).toThrow();
      try {
        parseFilter(filter);
      } catch (error) {
        expect(isDomainError(error, "scim.invalid_filter"), filter).toBe(true);
      }
    }
  });
});

describe("matches", () => {
  const person = { userName: "Ada@Example.com", externalId: "AbC", displayName: "Ada Lovelace" };
  it("compares userName and displayName case-insensitively, externalId exactly", () => {
    expect(matches(parseFilter('userName eq "ada@example.com"'), person)).toBe(true);
    expect(matches(parseFilter('displayName eq "ADA LOVELACE"'), person)).toBe(true);
    expect(matches(parseFilter('externalId eq "AbC"'), person)).toBe(true);
    expect(matches(parseFilter('externalId eq "abc"'), person)).toBe(false);
    expect(matches(parseFilter('userName eq "ada@example.com" and externalId eq "x"'), person)).toBe(false);
  });
});
