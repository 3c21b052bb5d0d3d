import { ScimError } from "../errors";
import { ScimMembersInput, type ScimGroupInput, type ScimPatchInput } from "../schemas";
import type { GroupAttributes } from "./group";

const GROUP_SCHEMA_PREFIX = "urn:ietf:params:scim:schemas:core:2.0:group:";
const OPS = ["add", "replace", "remove"] as const;
type Op = (typeof OPS)[number];

/**
 * RFC 7644 §3.5.2 on a group, in the shapes Okta and Entra ID send: `members` added or removed
 * with a list of `{value}` (Entra, in any case: `Add`, `Remove`), a member removed by a filtered
 * path `members[value eq "…"]` (Okta, and Entra's documented deviation), all members replaced
 * (`replace` on `members`), `displayName` and `externalId` replaced with a path or in a value
 * object without one (Entra sends `{"id": …, "displayName": …}`; `id` is read-only and ignored).
 * Operations apply in order to the group as it is; what results is then written.
 */
export function applyGroupPatch(current: GroupAttributes, input: ScimPatchInput): GroupAttributes {
  const next: GroupAttributes = { ...current, members: [...current.members] };
  for (const operation of input.Operations) {
    const op = OPS.find((known) => known === operation.op.toLowerCase());
    if (!op) throw ScimError.invalidSyntax(`The PATCH op ${JSON.stringify(operation.op)} is not add, replace or remove.`);
    const path = operation.path?.trim();
    if (!path) {
      if (op === "remove") throw ScimError.invalidSyntax("A remove needs a path (RFC 7644 §3.5.2.2).");
      if (!isObject(operation.value)) throw ScimError.invalidSyntax("An add or replace without a path needs an object as its value.");
      for (const [key, value] of Object.entries(operation.value)) apply(next, key, op, value);
    } else {
      apply(next, path, op, operation.value);
    }
  }
  return next;
}

/** PUT (RFC 7644 §3.5.1): the group's attributes are the body's; no `members` is no members. */
export function replaceGroupWith(input: ScimGroupInput): GroupAttributes {
  return { displayName: input.displayName, externalId: input.externalId || null, members: unique((input.members ?? []).map((member) => member.value)) };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const unique = (ids: string[]) => [...new Set(ids)];

function apply(next: GroupAttributes, rawPath: string, op: Op, value: unknown): void {
  const lower = rawPath.toLowerCase();
  const path = lower.startsWith(GROUP_SCHEMA_PREFIX) ? lower.slice(GROUP_SCHEMA_PREFIX.length) : lower;
  const filtered = /^members\[\s*value\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\]$/i.exec(rawPath.trim().replace(/^urn:ietf:params:scim:schemas:core:2\.0:group:/i, ""));
  if (filtered) {
    // Okta removes one member so; a replace or add on one member's entry has nothing Roster keeps to change.
    if (op !== "remove") throw ScimError.invalidPath(rawPath);
    const id: unknown = JSON.parse(`"${filtered[1]}"`);
    next.members = next.members.filter((member) => member !== id);
    return;
  }
  switch (path) {
    case "id":
      // Read-only, and Entra ID sends it back in a value object: ignored, as RFC 7644 §3.5.2 lets a service provider.
      return;
    case "displayname": {
      if (op === "remove") throw ScimError.invalidValue("displayName is required: a group can be renamed, not left without a name.");
      if (typeof value !== "string" || value.trim() === "") throw ScimError.invalidValue("displayName needs a non-empty string value.");
      if (value.trim().length > 200) throw ScimError.invalidValue("displayName is longer than 200 characters.");
      next.displayName = value.trim();
      return;
    }
    case "externalid":
      if (op === "remove" || value === null) next.externalId = null;
      else if (typeof value !== "string" || value.length > 256) throw ScimError.invalidValue("externalId needs a string value of at most 256 characters.");
      else next.externalId = value || null;
      return;
    case "members": {
      if (op === "remove" && value === undefined) {
        next.members = [];
        return;
      }
      const ids = memberIds(rawPath, value);
      if (op === "add") next.members = unique([...next.members, ...ids]);
      else if (op === "replace") next.members = unique(ids);
      else next.members = next.members.filter((member) => !ids.includes(member));
      return;
    }
    default:
      // Attributes Roster does not keep on a group are ignored; a filtered path on one it keeps cannot be meant for anything it has.
      if (/^(displayname|externalid|members)[[.]/.test(path)) throw ScimError.invalidPath(rawPath);
  }
}

/** Members as sent: a list of `{value}`, or one such object (some clients send a single member unwrapped). */
function memberIds(path: string, value: unknown): string[] {
  const parsed = ScimMembersInput.safeParse(Array.isArray(value) ? value : [value]);
  if (!parsed.success) throw ScimError.invalidValue(`${path} needs a list of members, each {"value": "<User id>"}.`);
  return parsed.data.map((member) => member.value);
}
