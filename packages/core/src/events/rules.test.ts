import { describe, expect, it } from "vitest";
import { AUDIT_EVENT_TYPES } from "../audit";
import { ADMIN_NOTIFY_EVENT_TYPES, matchesPattern, NOTIFY_EVENT_TYPES, NOTIFY_RULE, type EventPattern } from "./rules";

const event = (detailType: string, detail: unknown = {}, source = "roster") => ({ source, "detail-type": detailType, detail });

describe("NOTIFY_RULE", () => {
  const notified: readonly string[] = [...NOTIFY_EVENT_TYPES, ...ADMIN_NOTIFY_EVENT_TYPES];
  it("matches Roster's events of the types that concern their target, and those every SUPER_ADMIN hears of", () => {
    for (const type of notified) expect(matchesPattern(NOTIFY_RULE.pattern, event(type))).toBe(true);
    expect(ADMIN_NOTIFY_EVENT_TYPES).toEqual(["SSO_BREAK_GLASS_LOGIN"]);
  });

  it("does not match the other audit types, nor another source", () => {
    const others = AUDIT_EVENT_TYPES.filter((type) => !notified.includes(type));
    expect(others).toContain("LOGIN_SUCCEEDED");
    for (const type of others) expect(matchesPattern(NOTIFY_RULE.pattern, event(type))).toBe(false);
    expect(matchesPattern(NOTIFY_RULE.pattern, event("MFA_RESET", {}, "aws.events"))).toBe(false);
  });

  it("is the pattern the stack gets: EventBridge's JSON field names", () => {
    expect(JSON.parse(JSON.stringify(NOTIFY_RULE.pattern))).toEqual({
      source: ["roster"],
      "detail-type": ["MFA_RESET", "USER_ROLE_CHANGED", "USER_DEACTIVATED", "USER_REMOVED", "PASSWORD_CHANGED", "MEMBERSHIP_EXPIRING", "SSO_BREAK_GLASS_LOGIN"],
    });
  });
});

describe("matchesPattern", () => {
  it("matches exact values: any listed value, case-sensitive, by type", () => {
    const pattern: EventPattern = { "detail-type": ["A", "B"] };
    expect(matchesPattern(pattern, event("A"))).toBe(true);
    expect(matchesPattern(pattern, event("B"))).toBe(true);
    expect(matchesPattern(pattern, event("a"))).toBe(false);
    expect(matchesPattern({ detail: { n: [5] } }, event("X", { n: 5 }))).toBe(true);
    expect(matchesPattern({ detail: { n: [5] } }, event("X", { n: "5" }))).toBe(false);
    expect(matchesPattern({ detail: { flag: [true] } }, event("X", { flag: true }))).toBe(true);
    expect(matchesPattern({ detail: { tenant: [null] } }, event("X", { tenant: null }))).toBe(true);
    expect(matchesPattern({ detail: { tenant: [null] } }, event("X", { tenant: "acme" }))).toBe(false);
  });

  it("requires every field of the pattern, and the empty pattern matches everything", () => {
    const pattern: EventPattern = { source: ["roster"], "detail-type": ["A"] };
    expect(matchesPattern(pattern, event("A"))).toBe(true);
    expect(matchesPattern(pattern, event("A", {}, "other"))).toBe(false);
    expect(matchesPattern({}, event("anything"))).toBe(true);
  });

  it("matches nested detail fields at any depth", () => {
    const pattern: EventPattern = { detail: { actor: { type: ["user"] }, target: { type: ["user", "membership"] } } };
    expect(matchesPattern(pattern, event("X", { actor: { type: "user", id: "u1" }, target: { type: "membership" } }))).toBe(true);
    expect(matchesPattern(pattern, event("X", { actor: { type: "system" }, target: { type: "user" } }))).toBe(false);
    // A nested pattern never matches a scalar or a missing object.
    expect(matchesPattern(pattern, event("X", { actor: "user", target: { type: "user" } }))).toBe(false);
    expect(matchesPattern(pattern, event("X", { target: { type: "user" } }))).toBe(false);
  });

  it("does not match when the field is missing from the event", () => {
    expect(matchesPattern({ detail: { tenant: ["acme"] } }, event("X", {}))).toBe(false);
    expect(matchesPattern({ detail: { tenant: [{ "anything-but": "acme" }] } }, event("X", {}))).toBe(false);
    expect(matchesPattern({ detail: { tenant: [{ prefix: "" }] } }, event("X", {}))).toBe(false);
  });

  it("matches an array in the event when any element matches", () => {
    const pattern: EventPattern = { detail: { scopes: ["admin"] } };
    expect(matchesPattern(pattern, event("X", { scopes: ["read", "admin"] }))).toBe(true);
    expect(matchesPattern(pattern, event("X", { scopes: ["read"] }))).toBe(false);
    expect(matchesPattern(pattern, event("X", { scopes: [] }))).toBe(false);
  });

  it("supports prefix on strings only", () => {
    const pattern: EventPattern = { "detail-type": [{ prefix: "MEMBERSHIP_" }] };
    expect(matchesPattern(pattern, event("MEMBERSHIP_EXPIRED"))).toBe(true);
    expect(matchesPattern(pattern, event("USER_REMOVED"))).toBe(false);
    expect(matchesPattern({ detail: { n: [{ prefix: "1" }] } }, event("X", { n: 12 }))).toBe(false);
    // Mixed with exact values: either kind may match.
    const mixed: EventPattern = { "detail-type": ["MFA_RESET", { prefix: "USER_" }] };
    expect(matchesPattern(mixed, event("MFA_RESET"))).toBe(true);
    expect(matchesPattern(mixed, event("USER_REMOVED"))).toBe(true);
    expect(matchesPattern(mixed, event("LOGOUT"))).toBe(false);
  });

  it("supports anything-but with a value, a list, and a prefix", () => {
    expect(matchesPattern({ "detail-type": [{ "anything-but": "LOGIN_FAILED" }] }, event("LOGOUT"))).toBe(true);
    expect(matchesPattern({ "detail-type": [{ "anything-but": "LOGIN_FAILED" }] }, event("LOGIN_FAILED"))).toBe(false);
    const list: EventPattern = { "detail-type": [{ "anything-but": ["LOGIN_FAILED", "LOGIN_SUCCEEDED"] }] };
    expect(matchesPattern(list, event("LOGOUT"))).toBe(true);
    expect(matchesPattern(list, event("LOGIN_SUCCEEDED"))).toBe(false);
    const prefix: EventPattern = { "detail-type": [{ "anything-but": { prefix: "LOGIN_" } }] };
    expect(matchesPattern(prefix, event("LOGOUT"))).toBe(true);
    expect(matchesPattern(prefix, event("LOGIN_THROTTLED"))).toBe(false);
    expect(matchesPattern({ detail: { n: [{ "anything-but": [1, 2] }] } }, event("X", { n: 3 }))).toBe(true);
    expect(matchesPattern({ detail: { n: [{ "anything-but": [1, 2] }] } }, event("X", { n: 2 }))).toBe(false);
  });

  it("refuses patterns outside the supported subset instead of guessing", () => {
    expect(() => matchesPattern({ detail: { n: [{ numeric: [">", 1] }] } as unknown as EventPattern }, event("X", { n: 2 }))).toThrow(/numeric/);
    expect(() => matchesPattern({ source: [] }, event("X"))).toThrow(/empty/);
    expect(() => matchesPattern({ source: "roster" } as unknown as EventPattern, event("X"))).toThrow(/list of values/);
  });
});
