import { Keys } from "./keys";
import { normalizeEmail, type UserItem } from "./users";

/** What a new person's profile says whichever way they come in; the rest starts empty. */
type NewPerson = Pick<UserItem, "id" | "email" | "role" | "status" | "source" | "createdAt"> &
  Partial<Pick<UserItem, "displayName" | "isOwner" | "mfaEnrolled" | "invitedBy" | "lastLoginAt" | "tenantAccess">>;

/**
 * A new person's profile, as an invitation, a first SSO sign-in and a SCIM POST each make it: one
 * place that knows which attributes a profile starts with (the keys, the lower-cased email and
 * name the indexes sort by, version 1), so the three cannot drift apart.
 */
export function newUserItem(person: NewPerson): UserItem {
  const displayName = person.displayName ?? null;
  return {
    ...Keys.user(person.id),
    entity: "User",
    isOwner: false,
    mfaEnrolled: false,
    invitedBy: null,
    lastLoginAt: null,
    setupExpiresAt: null,
    tenantAccess: {},
    ...person,
    emailLower: normalizeEmail(person.email),
    displayName,
    ...(displayName && { nameLower: displayName.toLowerCase() }),
    version: 1,
  };
}
