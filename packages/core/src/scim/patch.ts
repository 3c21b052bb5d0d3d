import { ScimError } from "./errors";
import type { ScimAttributes } from "./person";
import { ScimBoolean, type ScimPatchInput, type ScimUserInput } from "./schemas";

const USER_SCHEMA_PREFIX = "urn:ietf:params:scim:schemas:core:2.0:user:";
const OPS = ["add", "replace", "remove"] as const;
type Op = (typeof OPS)[number];

/**
 * RFC 7644 §3.5.2 applied to what Roster keeps of a person, as Okta and Entra ID send it: `op` in
 * any case (Entra: `Replace`, `Add`), booleans as `"False"` strings (Entra), no path and a value
 * object (Okta's `{op: "replace", value: {active: false}}`, Entra's `{"name.givenName": …}` keys),
 * `name.givenName` paths, attribute names in any case and with the core schema's URN in front.
 * Attributes Roster does not keep (`title`, `phoneNumbers`, the enterprise extension, and
 * `emails`, which follow `userName` here) are ignored, as the Schemas document says; a path on
 * an attribute Roster keeps that it cannot apply is `invalidPath`, an op it does not know `invalidSyntax`.
 */
export function applyPatch(current: ScimAttributes, input: ScimPatchInput): ScimAttributes {
  const next = { ...current };
  for (const operation of input.Operations) {
    const op = OPS.find((known) => known === operation.op.toLowerCase());
    if (!op) throw ScimError.invalidSyntax(`The PATCH op ${JSON.stringify(operation.op)} is not add, replace or remove.`);
    if (operation.path === undefined || operation.path.trim() === "") {
      if (op === "remove") throw ScimError.invalidSyntax("A remove needs a path (RFC 7644 §3.5.2.2).");
      if (!isObject(operation.value)) throw ScimError.invalidSyntax("An add or replace without a path needs an object as its value.");
      for (const [key, value] of Object.entries(operation.value)) set(next, key, op, value);
    } else {
      set(next, operation.path.trim(), op, operation.value);
    }
  }
  return next;
}

/** PUT: the person's attributes replaced by the body's; `active` left as it is when not sent. */
export function replaceWith(current: ScimAttributes, input: ScimUserInput): ScimAttributes {
  return {
    userName: input.userName,
    givenName: input.name?.givenName || null,
    familyName: input.name?.familyName || null,
    displayName: input.displayName || null,
    externalId: input.externalId || null,
    active: input.active ?? current.active,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function set(next: ScimAttributes, rawPath: string, op: Op, value: unknown): void {
  const lower = rawPath.toLowerCase();
  const path = lower.startsWith(USER_SCHEMA_PREFIX) ? lower.slice(USER_SCHEMA_PREFIX.length) : lower;
  const removing = op === "remove";
  switch (path) {
    case "active":
      if (removing) throw ScimError.invalidPath(rawPath);
      next.active = booleanOf(rawPath, value);
      return;
    case "username":
      if (removing) throw ScimError.userNameImmutable();
      next.userName = textOf(rawPath, value, 254) ?? next.userName;
      return;
    case "displayname":
      next.displayName = removing ? null : textOf(rawPath, value, 200);
      return;
    case "externalid":
      next.externalId = removing ? null : textOf(rawPath, value, 256);
      return;
    case "name.givenname":
      next.givenName = removing ? null : textOf(rawPath, value, 100);
      return;
    case "name.familyname":
      next.familyName = removing ? null : textOf(rawPath, value, 100);
      return;
    case "name":
      if (removing) {
        next.givenName = null;
        next.familyName = null;
        return;
      }
      if (!isObject(value)) throw ScimError.invalidValue(`${rawPath} needs an object value.`);
      for (const [key, part] of Object.entries(value)) if (["givenname", "familyname"].includes(key.toLowerCase())) set(next, `name.${key}`, op, part);
      return;
    default:
      // A filtered path on an attribute Roster keeps (`name[…]`, `active[…]`) cannot be meant for anything it has.
      if (/^(username|displayname|externalid|active|name)\[/.test(path)) throw ScimError.invalidPath(rawPath);
  }
}

function booleanOf(path: string, value: unknown): boolean {
  const parsed = ScimBoolean.safeParse(value);
  if (!parsed.success) throw ScimError.invalidValue(`${path} needs true or false.`);
  return parsed.data;
}

/** A string value (an empty one clears the attribute), at most `max` characters. */
function textOf(path: string, value: unknown, max: number): string | null {
  if (value === null) return null;
  if (typeof value !== "string") throw ScimError.invalidValue(`${path} needs a string value.`);
  const text = value.trim();
  if (text.length > max) throw ScimError.invalidValue(`${path} is longer than ${max} characters.`);
  return text || null;
}
