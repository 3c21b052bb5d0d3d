import type { AuditEventType } from "../audit";

/*
 * The EventBridge rules of the audit fan-out, defined once: the stack turns them into rules on the
 * bus, the local runtime's in-process bus matches them with `matchesPattern`. A rule that only one
 * of the two knew about would make local behaviour drift from AWS.
 */

/** One value test of a pattern: an exact value, or one of the content filters we support. */
export type PatternMatcher =
  | string
  | number
  | boolean
  | null
  | { prefix: string }
  | { "anything-but": string | number | (string | number)[] | { prefix: string } };

/** EventBridge's pattern shape: each field holds either the values it accepts or a nested pattern. */
export type EventPattern = { [field: string]: readonly PatternMatcher[] | EventPattern };

/** The fields of an event a pattern can test (an EventBridge event, `detail` parsed). */
export type PatternEvent = { source: string; "detail-type": string; detail: unknown; [field: string]: unknown };

export type BusRule = { readonly name: string; readonly pattern: EventPattern };

/** The audit event types that concern the person they target: each one mails that person. */
export const NOTIFY_EVENT_TYPES = [
  "MFA_RESET",
  "USER_ROLE_CHANGED",
  "USER_DEACTIVATED",
  "USER_REMOVED",
  "PASSWORD_CHANGED",
  "MEMBERSHIP_EXPIRING",
] as const satisfies readonly AuditEventType[];

/** The audit event types that every active SUPER_ADMIN is mailed about (notify/break-glass.ts). */
export const ADMIN_NOTIFY_EVENT_TYPES = ["SSO_BREAK_GLASS_LOGIN"] as const satisfies readonly AuditEventType[];

export const NOTIFY_RULE = {
  name: "notify",
  pattern: { source: ["roster"], "detail-type": [...NOTIFY_EVENT_TYPES, ...ADMIN_NOTIFY_EVENT_TYPES] },
} as const satisfies BusRule;

export const BUS_RULES: readonly BusRule[] = [NOTIFY_RULE];

/**
 * EventBridge's matching for the subset of patterns Roster uses: exact values (strings, numbers,
 * booleans, null), `prefix`, and `anything-but` (a value, a list, or a prefix), on top-level
 * fields and nested ones. As in EventBridge, every field of the pattern must match, a field
 * missing from the event matches nothing, and an array in the event matches when any of its
 * elements does. An operator outside this subset throws rather than silently matching
 * differently from AWS.
 */
export function matchesPattern(pattern: EventPattern, event: PatternEvent | Record<string, unknown>): boolean {
  return matchesObject(pattern, event);
}

// `Array.isArray` does not narrow a readonly array out of a union: this says what it finds.
const isMatcherList = (value: readonly PatternMatcher[] | EventPattern): value is readonly PatternMatcher[] => Array.isArray(value);

function matchesObject(pattern: EventPattern, value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const [field, expected] of Object.entries(pattern)) {
    if (!(field in value)) return false;
    const actual = value[field];
    if (isMatcherList(expected)) {
      if (expected.length === 0) throw new Error(`Event pattern field "${field}" has an empty list of values.`);
      if (!matchesValues(expected, actual)) return false;
    } else if (isPlainObject(expected)) {
      if (!matchesObject(expected, actual)) return false;
    } else {
      throw new Error(`Event pattern field "${field}" must hold a list of values or a nested pattern.`);
    }
  }
  return true;
}

function matchesValues(matchers: readonly PatternMatcher[], actual: unknown): boolean {
  // An array in the event matches when any one element matches any one matcher.
  const candidates = Array.isArray(actual) ? actual : [actual];
  return candidates.some((candidate) => matchers.some((matcher) => matchesOne(matcher, candidate)));
}

function matchesOne(matcher: PatternMatcher, actual: unknown): boolean {
  if (matcher === null || typeof matcher !== "object") return matcher === actual;
  const operators = Object.keys(matcher);
  if (operators.length !== 1) throw new Error(`Unsupported event pattern matcher: ${JSON.stringify(matcher)}`);
  if ("prefix" in matcher) return typeof actual === "string" && actual.startsWith(matcher.prefix);
  if ("anything-but" in matcher) {
    const excluded = matcher["anything-but"];
    if (Array.isArray(excluded)) return isScalar(actual) && !excluded.some((value) => value === actual);
    if (isPlainObject(excluded)) {
      if (Object.keys(excluded).length !== 1 || typeof excluded.prefix !== "string") {
        throw new Error(`Unsupported anything-but matcher: ${JSON.stringify(excluded)}`);
      }
      return typeof actual === "string" && !actual.startsWith(excluded.prefix);
    }
    return isScalar(actual) && actual !== excluded;
  }
  throw new Error(`Unsupported event pattern operator: ${operators[0]}`);
}

const isScalar = (value: unknown) => typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
