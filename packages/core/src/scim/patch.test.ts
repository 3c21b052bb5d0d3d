import { describe, expect, it } from "vitest";
import { isDomainError } from "../error";
import { applyPatch } from "./patch";
import type { ScimAttributes } from "./person";

const person: ScimAttributes = { userName: "ada@example.com", givenName: "Ada", familyName: "Lovelace", displayName: "Ada Lovelace", externalId: "x1", active: true };
const patch = (...Operations: { op: string; path?: string; value?: unknown }[]) => applyPatch(person, { Operations });

function refusedWith(code: string, run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(isDomainError(error, code), String(error)).toBe(true);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe("applyPatch", () => {
  it("takes ops in any case and Entra's string booleans", () => {
    expect(patch({ op: "Replace", path: "active", value: "False" }).active).toBe(false);
    expect(patch({ op: "REPLACE", path: "active", value: "true" }).active).toBe(true);
    expect(patch({ op: "add", path: "Active", value: false }).active).toBe(false);
  });

  it("takes Okta's path-less value objects, nested or with dotted keys", () => {
    expect(patch({ op: "replace", value: { active: false } }).active).toBe(false);
    expect(patch({ op: "replace", value: { name: { givenName: "Augusta" }, displayName: "A. K." } })).toMatchObject({ givenName: "Augusta", familyName: "Lovelace", displayName: "A. K." });
    expect(patch({ op: "Add", value: { "name.familyName": "King", externalId: "x2" } })).toMatchObject({ familyName: "King", externalId: "x2" });
  });

  it("takes paths with the core schema's URN, removes, and ignores what Roster does not keep", () => {
    expect(patch({ op: "replace", path: "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName", value: "A" }).givenName).toBe("A");
    expect(patch({ op: "remove", path: "externalId" }).externalId).toBeNull();
    expect(patch({ op: "remove", path: "name" })).toMatchObject({ givenName: null, familyName: null });
    expect(patch({ op: "Add", path: 'emails[type eq "work"].value', value: "other@example.com" }, { op: "replace", path: "title", value: "Countess" })).toEqual(person);
  });

  it("refuses unknown ops, bad values, a remove without path, and userName removal", () => {
    refusedWith("scim.invalid_syntax", () => patch({ op: "move", path: "active", value: false }));
    refusedWith("scim.invalid_syntax", () => patch({ op: "remove" }));
    refusedWith("scim.invalid_syntax", () => patch({ op: "replace", value: "x" }));
    refusedWith("scim.invalid_value", () => patch({ op: "replace", path: "active", value: "no" }));
    refusedWith("scim.invalid_value", () => patch({ op: "replace", path: "displayName", value: 3 }));
    refusedWith("scim.invalid_path", () => patch({ op: "remove", path: "active" }));
    refusedWith("scim.user_name_immutable", () => patch({ op: "remove", path: "userName" }));
  });
});
