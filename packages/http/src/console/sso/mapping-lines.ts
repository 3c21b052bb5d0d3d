import type { FormErrors } from "../forms";

/*
 * The SSO page edits its mappings as lines a person can read and paste: `group, ROLE` and
 * `group, tenant, TENANT_ROLE`. The last commas split a line, so a group's name (the provider's,
 * Okta's may hold commas) is everything before them. What the lines say is checked by the API's
 * own schema afterwards; here only their shape.
 */

/** Mappings as the lines read; their roles are strings until the API's schema has judged them. */
type RoleLine = { group: string; role: string };
type MembershipLine = { group: string; tenant: string; role: string };
type Mappings = { roles: RoleLine[]; memberships: MembershipLine[] };

export const roleLines = (roles: readonly RoleLine[]) => roles.map((entry) => `${entry.group}, ${entry.role}`).join("\n");
export const membershipLines = (memberships: readonly MembershipLine[]) => memberships.map((entry) => `${entry.group}, ${entry.tenant}, ${entry.role}`).join("\n");

const linesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Splits a line at its last `parts - 1` commas; undefined when it has fewer. */
function splitLast(line: string, parts: number): string[] | undefined {
  const pieces = line.split(",");
  if (pieces.length < parts) return undefined;
  const tail = pieces.splice(pieces.length - (parts - 1));
  return [pieces.join(","), ...tail].map((piece) => piece.trim());
}

/** The lines as the API's mapping arrays, or the field and line that does not read as one. */
export function parseMappingLines(rolesText: string, membershipsText: string): { ok: true; mappings: Mappings } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const roles: RoleLine[] = [];
  const memberships: MembershipLine[] = [];
  linesOf(rolesText).forEach((line, index) => {
    const parts = splitLast(line, 2);
    if (parts) roles.push({ group: parts[0]!, role: parts[1]!.toUpperCase() });
    else errors.roles ??= `Line ${index + 1} ("${line}") is not "group, ROLE".`;
  });
  linesOf(membershipsText).forEach((line, index) => {
    const parts = splitLast(line, 3);
    if (parts) memberships.push({ group: parts[0]!, tenant: parts[1]!, role: parts[2]!.toUpperCase() });
    else errors.memberships ??= `Line ${index + 1} ("${line}") is not "group, tenant, TENANT_ROLE".`;
  });
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, mappings: { roles, memberships } };
}
