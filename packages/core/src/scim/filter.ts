import { ScimError } from "./errors";

/** The attributes a User filter may name, as Roster spells them. */
export const FILTERABLE = ["userName", "externalId", "displayName"] as const;
export type FilterAttribute = (typeof FILTERABLE)[number];
/** `attribute eq value`, each of them to hold (`and`). */
export type Filter = { attribute: FilterAttribute; value: string }[];

const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const MAX_FILTER_LENGTH = 1000;

/**
 * RFC 7644 §3.4.2.2, the part of it directories send to find a person before provisioning them
 * (Okta: `userName eq "…"`; Entra ID: `userName eq "…"` or `externalId eq "…"`): `eq` on
 * userName, externalId or displayName, joined by `and`. Attribute names and `eq`/`and` are
 * case-insensitive, as the RFC says; values are JSON strings. Anything else is `invalidFilter`,
 * never a filter half-understood (a list wider than asked would let a directory match the wrong person).
 */
export function parseFilter(text: string): Filter;
export function parseFilter<A extends string>(text: string, resource: { attributes: readonly A[]; schema: string }): { attribute: A; value: string }[];
export function parseFilter(text: string, resource: { attributes: readonly string[]; schema: string } = { attributes: FILTERABLE, schema: USER_SCHEMA }): { attribute: string; value: string }[] {
  if (text.length > MAX_FILTER_LENGTH) throw ScimError.invalidFilter(`The filter is longer than ${MAX_FILTER_LENGTH} characters.`);
  const filter: { attribute: string; value: string }[] = [];
  let rest = text.trim();
  for (;;) {
    const term = /^([A-Za-z][\w:.$-]*)\s+eq\s+("(?:[^"\\]|\\.)*")/i.exec(rest);
    if (!term) throw ScimError.invalidFilter(`The filter ${JSON.stringify(text)} is not one Roster understands.`);
    filter.push({ attribute: attributeOf(term[1]!, resource), value: stringOf(term[2]!) });
    rest = rest.slice(term[0].length).trim();
    if (rest === "") return filter;
    const joined = /^and\s+/i.exec(rest);
    if (!joined) throw ScimError.invalidFilter(`The filter ${JSON.stringify(text)} is not one Roster understands (only "and" joins terms).`);
    rest = rest.slice(joined[0].length);
  }
}

function attributeOf(name: string, resource: { attributes: readonly string[]; schema: string }): string {
  const lower = name.toLowerCase();
  const prefix = `${resource.schema.toLowerCase()}:`;
  const bare = lower.startsWith(prefix) ? lower.slice(prefix.length) : lower;
  const found = resource.attributes.find((attribute) => attribute.toLowerCase() === bare);
  if (!found) throw ScimError.invalidFilter(`Roster cannot filter on ${name}.`);
  return found;
}

function stringOf(literal: string): string {
  try {
    const value: unknown = JSON.parse(literal);
    if (typeof value === "string") return value;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  throw ScimError.invalidFilter(`${literal} is not a JSON string.`);
}

/**
 * Whether a person matches the filter: userName and displayName case-insensitively (their
 * `caseExact` is false in RFC 7643 §4.1), externalId exactly (it is the directory's own, caseExact).
 */
export function matches(filter: Filter, person: { userName: string; externalId: string | null; displayName: string | null }): boolean {
  return filter.every(({ attribute, value }) => {
    const actual = person[attribute];
    if (actual === null) return false;
    return attribute === "externalId" ? actual === value : actual.toLowerCase() === value.toLowerCase();
  });
}
