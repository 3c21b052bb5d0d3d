import { z } from "zod";
import type { Db } from "./client";
import { decoder } from "./decode";
import { absent, and, equals, exists, expr, increment, path, update, type Expr, type UpdateSpec } from "./expression";
import { IndexKeys, Keys } from "./keys";
import { countPartition, getItem, queryAll, readFirst } from "./read";
import { Write, type GuardedWrite } from "./transact";

/*
 * SCIM groups (RFC 7643 §4.2). A group is an item; each of its members an edge item in the
 * group's partition (one strongly consistent Query lists them); the person's profile keeps the
 * groups they are in (`directoryGroups`), written in the transaction that writes the edge, so the
 * two never disagree and the person's access is derived from their profile alone. A group's
 * display name is claimed like an email: it is what the SSO mapping matches, so no two groups
 * share one (case-insensitively).
 */

const GroupSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal("ScimGroup"),
  id: z.string(),
  displayName: z.string(),
  externalId: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** A DELETE under way: members are leaving it one by one; it is gone for every reader, and no one joins it. */
  deleting: z.boolean().optional(),
  version: z.number(),
});
export type GroupItem = z.output<typeof GroupSchema>;
export const decodeGroup = decoder("SCIM group", GroupSchema);

const MemberEdgeSchema = z.object({ userId: z.string() });
const decodeMemberEdge = decoder("SCIM group member", MemberEdgeSchema);
const NameClaimSchema = z.object({ groupId: z.string() });
const decodeNameClaim = decoder("SCIM group name", NameClaimSchema);

export type NewGroup = Pick<GroupItem, "id" | "displayName" | "externalId" | "createdAt">;

export const readGroup = (db: Db, groupId: string) => getItem(db, Keys.scimGroup(groupId), decodeGroup);

/** The group whose display name this is (case-insensitively): its claim, then the group. */
export async function findGroupByName(db: Db, displayName: string): Promise<GroupItem | undefined> {
  const claim = await getItem(db, Keys.scimGroupName(displayName), decodeNameClaim);
  return claim ? readGroup(db, claim.groupId) : undefined;
}

/** Every member's user id, in id order: one strongly consistent Query of the group's partition per MB of edges. */
export async function readMemberIds(db: Db, groupId: string): Promise<string[]> {
  const { pk } = Keys.scimGroup(groupId);
  const ids: string[] = [];
  const key = expr`${path("pk")} = ${pk} AND begins_with(${path("sk")}, ${Keys.scimGroupMemberPrefix})`;
  for await (const edge of queryAll(db, { key, consistent: true }, decodeMemberEdge)) ids.push(edge.userId);
  return ids;
}

/** The groups oldest first (`startIndex` paging stays put while groups are added), those `filter` keeps. */
export const readGroups = (db: Db, limit: number, filter?: Expr): Promise<GroupItem[]> =>
  readFirst(db, { index: "gsi1", key: equals("gsi1pk", IndexKeys.scimGroupListPartition), filter }, decodeGroup, limit);

/** How many groups there are (those being deleted included, for the moment they take): a COUNT Query of the groups' index partition. */
export const countGroups = (db: Db): Promise<number> => countPartition(db, "gsi1", equals("gsi1pk", IndexKeys.scimGroupListPartition));

export const claimGroupName = (db: Db, displayName: string, groupId: string, onConflict: () => Error): GuardedWrite =>
  Write.put(db, "scimGroups.claimName", { ...Keys.scimGroupName(displayName), entity: "ScimGroupName", groupId }, { condition: absent(), onConflict });

export const releaseGroupName = (db: Db, displayName: string, groupId: string, onConflict: () => Error): GuardedWrite =>
  Write.delete(db, "scimGroups.releaseName", Keys.scimGroupName(displayName), { condition: equals("groupId", groupId), onConflict });

export const putGroup = (db: Db, group: NewGroup): GuardedWrite =>
  Write.put(
    db,
    "scimGroups.create",
    { ...Keys.scimGroup(group.id), ...IndexKeys.scimGroupList(group.createdAt, group.id), entity: "ScimGroup", ...group, updatedAt: group.createdAt, version: 1 },
    { condition: absent() },
  );

/** The group's own attributes, only if it is still the version read: a rename racing a member change is decided again. */
export const changeGroup = (db: Db, group: Pick<GroupItem, "id" | "version">, change: UpdateSpec, onConflict: () => Error): GuardedWrite =>
  Write.update(db, "scimGroups.update", Keys.scimGroup(group.id), update({ ...change, set: { ...change.set, version: increment() } }), {
    condition: equals("version", group.version),
    onConflict,
  });

/** A member change commits only while the group is as it was read (its name is what the person's access was derived from). */
export const groupUnchanged = (db: Db, group: Pick<GroupItem, "id" | "version">, onConflict: () => Error): GuardedWrite =>
  Write.check(db, "scimGroups.unchanged", Keys.scimGroup(group.id), { condition: and(exists(), equals("version", group.version))!, onConflict });

export const deleteGroup = (db: Db, group: Pick<GroupItem, "id" | "version">, onConflict: () => Error): GuardedWrite =>
  Write.delete(db, "scimGroups.delete", Keys.scimGroup(group.id), { condition: equals("version", group.version), onConflict });

export const putMemberEdge = (db: Db, groupId: string, userId: string): GuardedWrite =>
  Write.put(db, "scimGroups.addMember", { ...Keys.scimGroupMember(groupId, userId), entity: "ScimGroupMember", userId });

export const deleteMemberEdge = (db: Db, groupId: string, userId: string): GuardedWrite => Write.delete(db, "scimGroups.removeMember", Keys.scimGroupMember(groupId, userId));
