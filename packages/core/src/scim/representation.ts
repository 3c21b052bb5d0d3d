import type { ScimPerson } from "./person";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";

/**
 * RFC 7643 §4.1 User, as a directory reads it back: `id` is Roster's user id, `emails` the one
 * address (the userName), `groups` empty until Groups are provisioned, `meta.version` a weak ETag
 * of the profile's version. `base` is the deployment's public /scim/v2 URL.
 */
export function toScimUser(person: ScimPerson, base: string) {
  // Until Groups are provisioned, a person is in none.
  const groups: { value: string; display: string }[] = [];
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
  const wanted = namesOf(query.attributes);
  const excluded = namesOf(query.excludedAttributes);
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

const URN_PREFIX = `${USER_SCHEMA.toLowerCase()}:`;
const namesOf = (list: string | undefined) =>
  (list ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean)
    .map((name) => (name.startsWith(URN_PREFIX) ? name.slice(URN_PREFIX.length) : name));
