import type { DirectoryGroup, UserItem, UserSource, UserStatus } from "../store/users";

/**
 * Least privilege until a group says otherwise: what a provisioned person holds, and what a person
 * the directory manages falls back to when their groups map to no role (the directory's
 * `active: false`, not a group change, is what deactivates them).
 */
export const PROVISIONED_ROLE = "CLIENT_USER";

/** What a directory sees and changes of a person: the attributes of RFC 7643 §4.1 Roster keeps. */
export type ScimPerson = {
  id: string;
  userName: string;
  givenName: string | null;
  familyName: string | null;
  displayName: string | null;
  externalId: string | null;
  active: boolean;
  status: UserStatus;
  source: UserSource;
  createdAt: string;
  lastModified: string;
  version: number;
  /** The directory groups the person is in, by group id. */
  groups: Record<string, DirectoryGroup>;
};

/** The attributes a directory sets: what a PUT replaces and a PATCH edits. */
export type ScimAttributes = Pick<ScimPerson, "userName" | "givenName" | "familyName" | "displayName" | "externalId" | "active">;

export const toScimPerson = (item: UserItem): ScimPerson => ({
  id: item.id,
  userName: item.email,
  givenName: item.givenName ?? null,
  familyName: item.familyName ?? null,
  displayName: item.displayName ?? null,
  externalId: item.externalId ?? null,
  // An invitee has not set up yet, a deactivated person is cut off: neither is active.
  active: item.status === "ACTIVE",
  status: item.status,
  source: item.source,
  createdAt: item.createdAt,
  lastModified: item.directoryUpdatedAt ?? item.createdAt,
  version: item.version,
  groups: item.directoryGroups ?? {},
});

/** The name a person is shown with: the directory's displayName, else their given and family names. */
export function displayNameOf(attributes: Pick<ScimAttributes, "givenName" | "familyName" | "displayName">): string | null {
  if (attributes.displayName) return attributes.displayName;
  const joined = [attributes.givenName, attributes.familyName].filter(Boolean).join(" ").trim();
  return joined || null;
}
