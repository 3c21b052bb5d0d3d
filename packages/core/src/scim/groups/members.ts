import type { DirectoryActor, RequestContext } from "../../actor";
import * as Audit from "../../audit";
import { decidedAgain, raced } from "../../decided-again";
import type { Deps } from "../../deps";
import { AuthError } from "../../error";
import * as Sso from "../../sso";
import { mergeUpdates, type UpdateSpec } from "../../store/expression";
import { decodeGroup, deleteMemberEdge, groupUnchanged, putMemberEdge } from "../../store/scim-groups";
import { stillDirectory } from "../../store/scim-users";
import type { SsoConfigItem } from "../../store/sso";
import { MAX_TRANSACTION_WRITES, transact, type GuardedWrite } from "../../store/transact";
import { Keys } from "../../store/keys";
import { batchGet } from "../../store/read";
import { changeUser, decodeUser, updateNameEntry, type DirectoryGroup, type UserItem } from "../../store/users";
import * as User from "../../user";
import { ScimError } from "../errors";
import { PROVISIONED_ROLE } from "../person";

/** How a person's place in a group changes: they join it, leave it, or stay while its name changed. */
export type MemberChange = "join" | "leave" | "refresh";

/** What every member change of one request shares: who asks, the mapping as it was read, and why. */
export type MemberScope = { actor: DirectoryActor; config: SsoConfigItem | undefined; context: RequestContext };

/**
 * One person joins or leaves a group (or stays in a renamed one), and their role and memberships
 * are derived again from all their groups by the SSO mapping, as a sign-in derives them: one
 * transaction holds the group's member edge, the profile's `directoryGroups`, the role, the
 * memberships and their audit events, conditioned on the profile's and the group's versions (a
 * concurrent change decides it again on the new state). Nothing to change: nothing is written.
 *
 * The mapping applies to people the directory or the identity provider made (not the owner, not
 * a person invited in Roster: their edge and groups are kept, and a later SSO sign-in applies
 * them). Groups that map to no role give least privilege (CLIENT_USER, no tenants), never a
 * deactivation: that is the directory's `active: false`. Without an SSO configuration there is
 * no mapping, and groups only record who is in them.
 */
export function changeMember(deps: Deps, scope: MemberScope, groupId: string, userId: string, change: MemberChange): Promise<void> {
  return decidedAgain(() => changeOnce(deps, scope, groupId, userId, change), ["user.changed"]);
}

async function changeOnce(deps: Deps, scope: MemberScope, groupId: string, userId: string, change: MemberChange): Promise<void> {
  // The group as it is now, with the person: a rename or a deletion since the request began is seen (one BatchGet).
  const items = await batchGet(deps.db, [Keys.user(userId), Keys.scimGroup(groupId)]);
  const user = items.get(Keys.user(userId), decodeUser);
  const group = items.get(Keys.scimGroup(groupId), decodeGroup);
  // Only leaving is possible while the group is being deleted: that is what its deletion does.
  if (!group || (group.deleting && change !== "leave")) throw ScimError.groupNotFound(groupId);
  if (!user) {
    if (change === "join") throw ScimError.unknownMember(userId);
    // A removed person's edges go with their profile; one left behind by a removal under way is tidied.
    await transact(deps.db, [stillDirectory(deps.db, scope.actor.id, AuthError.unauthenticated), deleteMemberEdge(deps.db, group.id, userId)]);
    return;
  }
  const before = user.directoryGroups ?? {};
  const groups: Record<string, DirectoryGroup> = { ...before };
  if (change === "leave") delete groups[group.id];
  else if (change === "join" || before[group.id]) groups[group.id] = { displayName: group.displayName, ...(group.externalId && { externalId: group.externalId }) };
  if (sameGroups(before, groups)) return;

  const now = deps.clock.now().toISOString();
  let spec: UpdateSpec = { set: { directoryGroups: groups, directoryUpdatedAt: now }, remove: [] };
  const writes: GuardedWrite[] = [stillDirectory(deps.db, scope.actor.id, AuthError.unauthenticated), groupUnchanged(deps.db, group, raced)];
  if (change === "join") writes.push(putMemberEdge(deps.db, group.id, user.id));
  if (change === "leave") writes.push(deleteMemberEdge(deps.db, group.id, user.id));
  const target = { type: "user" as const, id: user.id, email: user.email };
  if (change === "join") writes.push(Audit.write(deps, { type: "GROUP_MEMBER_ADDED", actor: scope.actor, target, changes: { group: { before: null, after: group.displayName } }, context: scope.context }));
  if (change === "leave") writes.push(Audit.write(deps, { type: "GROUP_MEMBER_REMOVED", actor: scope.actor, target, changes: { group: { before: group.displayName, after: null } }, context: scope.context }));

  let role = user.role;
  if (scope.config && derivesAccess(user)) {
    const access = Sso.mappedAccess(scope.config, Sso.groupNamesOf({ ...user, directoryGroups: groups }));
    const found = await Sso.readAccessItems(deps, user, access);
    role = access.role ?? PROVISIONED_ROLE;
    const derived = Sso.accessChange(deps, Sso.Derivers.directory(scope.actor, User.GuardError.lastAdmin), user, { role, grants: Sso.grantsOf(access, found), status: user.status }, found, scope.context);
    spec = mergeUpdates(spec, derived.spec);
    writes.push(...derived.writes);
  }
  writes.push(changeUser(deps.db, "scim.groupMember", user, spec, undefined, raced));
  if (role !== user.role) writes.push(...updateNameEntry(deps.db, user, { role }));
  // A person holds a few memberships and the mapping names at most 100: past one transaction the change would not be all-or-nothing.
  if (writes.length > MAX_TRANSACTION_WRITES) throw new Error(`A group membership change would write ${writes.length} items, over one transaction's ${MAX_TRANSACTION_WRITES}.`);
  await transact(deps.db, writes);
}

/** Whose access the directory's groups decide: the owner's never, a person invited in Roster's only at their SSO sign-ins. */
const derivesAccess = (user: UserItem) => !user.isOwner && user.source !== "local" && user.status !== "INVITED";

function sameGroups(a: Record<string, DirectoryGroup>, b: Record<string, DirectoryGroup>): boolean {
  const ids = Object.keys(a);
  if (ids.length !== Object.keys(b).length) return false;
  return ids.every((id) => b[id] && a[id]!.displayName === b[id].displayName && a[id]!.externalId === b[id].externalId);
}

/** The member changes of one request, a few at a time (each its own transaction, so a large group does not wait on one). */
export async function changeMembers(deps: Deps, scope: MemberScope, groupId: string, changes: [userId: string, change: MemberChange][]): Promise<void> {
  const CONCURRENCY = 4;
  const queue = [...changes];
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await changeMember(deps, scope, groupId, next[0], next[1]);
    }),
  );
}

/** Every person named is one of the workspace's, before any of them joins: a group is never left half-made by a typo. One BatchGet per 100. */
export async function requireMembers(deps: Pick<Deps, "db">, userIds: string[]): Promise<void> {
  const found = await batchGet(deps.db, userIds.map(Keys.user));
  const missing = userIds.find((id) => !found.get(Keys.user(id), decodeUser));
  if (missing) throw ScimError.unknownMember(missing);
}
