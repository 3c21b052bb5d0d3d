import type { GroupItem } from "../../store/scim-groups";

export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** What a directory sees of a group: its attributes and its members' User ids. */
export type ScimGroupView = Pick<GroupItem, "id" | "displayName" | "createdAt" | "updatedAt" | "version"> & { externalId: string | null; members: string[] | undefined };

/** The attributes a directory sets on a group: what a PUT replaces and a PATCH edits. */
export type GroupAttributes = { displayName: string; externalId: string | null; members: string[] };

export const toGroupView = (item: GroupItem, members?: string[]): ScimGroupView => ({
  id: item.id,
  displayName: item.displayName,
  externalId: item.externalId ?? null,
  createdAt: item.createdAt,
  updatedAt: item.updatedAt,
  version: item.version,
  members,
});

/**
 * RFC 7643 §4.2 Group, as a directory reads it back: `members` by User id with their URI
 * (`display` is left out: it would be a copy of each person's name to keep in step), absent when
 * not read (`excludedAttributes=members`, what Entra ID asks for). `base` is the public /scim/v2 URL.
 */
export function toScimGroup(group: ScimGroupView, base: string) {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    ...(group.externalId !== null && { externalId: group.externalId }),
    displayName: group.displayName,
    ...(group.members && { members: group.members.map((id) => ({ value: id, $ref: `${base}/Users/${id}`, type: "User" })) }),
    meta: { resourceType: "Group", created: group.createdAt, lastModified: group.updatedAt, location: `${base}/Groups/${group.id}`, version: `W/"${group.version}"` },
  };
}
export type ScimGroup = ReturnType<typeof toScimGroup>;
