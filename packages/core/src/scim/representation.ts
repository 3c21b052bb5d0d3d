import type { ScimPerson } from "./person";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";

/**
 * RFC 7643 §4.1 User, as a directory reads it back: `id` is Roster's user id, `emails` the one
 * address (the userName), `groups` the directory groups they are in (read-only: a group's members
 * are changed on the group), `meta.version` a weak ETag of the profile's version. `base` is the
 * deployment's public /scim/v2 URL.
 */
export function toScimUser(person: ScimPerson, base: string) {
  const groups = Object.entries(person.groups).map(([id, group]) => ({ value: id, $ref: `${base}/Groups/${id}`, display: group.displayName, type: "direct" }));
  return {
    schemas: [USER_SCHEMA],
    id: person.id,
    ...(person.externalId !== null && { externalId: person.externalId }),
    userName: person.userName,
    name: { ...(person.givenName !== null && { givenName: person.givenName }), ...(person.familyName !== null && { familyName: person.familyName }) },
    ...(person.displayName !== null && { displayName: person.displayName }),
    emails: [{ value: person.userName, type: "work", primary: true }],
    active: person.active,
    groups,
    meta: { resourceType: "User", created: person.createdAt, lastModified: person.lastModified, location: `${base}/Users/${person.id}`, version: `W/"${person.version}"` },
  };
}
export type ScimUser = ReturnType<typeof toScimUser>;

type Projected = { schemas: string[] } & Record<string, unknown>;

/** Always returned, whatever `attributes` or `excludedAttributes` say (RFC 7643 §7 `returned: always`). */
const ALWAYS = new Set(["schemas", "id"]);

/**
 * RFC 7644 §3.4.2.5 `attributes` / `excludedAttributes`: comma-separated names, in any case, with
 * the core schema's URN or not, `name.givenName` for a sub-attribute. `attributes` wins when both are given.
 */
export function project(resource: { schemas: string[] } & Record<string, unknown>, query: { attributes?: string; excludedAttributes?: string }): Projected {
  const wanted = namesOf(query.attributes, resource.schemas[0]);
  const excluded = namesOf(query.excludedAttributes, resource.schemas[0]);
  if (wanted.length === 0 && excluded.length === 0) return resource;
  const out: Projected = { schemas: resource.schemas };
  for (const [key, value] of Object.entries(resource)) {
    const lower = key.toLowerCase();
    if (ALWAYS.has(lower)) {
      out[key] = value;
      continue;
    }
    if (wanted.length > 0) {
      if (wanted.includes(lower)) out[key] = value;
      else {
        const parts = wanted.filter((name) => name.startsWith(`${lower}.`)).map((name) => name.slice(lower.length + 1));
        if (parts.length > 0 && typeof value === "object" && value !== null && !Array.isArray(value)) {
          out[key] = Object.fromEntries(Object.entries(value).filter(([sub]) => parts.includes(sub.toLowerCase())));
        }
      }
    } else if (!excluded.includes(lower)) {
      const parts = excluded.filter((name) => name.startsWith(`${lower}.`)).map((name) => name.slice(lower.length + 1));
      out[key] = parts.length > 0 && typeof value === "object" && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).filter(([sub]) => !parts.includes(sub.toLowerCase()))) : value;
    }
  }
  return out;
}

/** The names a list gives, lowercase, without the resource's own schema URN in front. */
const namesOf = (list: string | undefined, schema = USER_SCHEMA) => {
  const prefix = `${schema.toLowerCase()}:`;
  return (list ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean)
    .map((name) => (name.startsWith(prefix) ? name.slice(prefix.length) : name));
};

/** Whether a projection keeps an attribute (and so whether it must be read at all: a group's members are a Query). */
export function projects(name: string, query: { attributes?: string; excludedAttributes?: string }, schema: string): boolean {
  const wanted = namesOf(query.attributes, schema);
  const lower = name.toLowerCase();
  if (wanted.length > 0) return wanted.some((entry) => entry === lower || entry.startsWith(`${lower}.`));
  return !namesOf(query.excludedAttributes, schema).includes(lower);
}
