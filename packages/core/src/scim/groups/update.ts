import type { DirectoryActor, RequestContext } from "../../actor";
import * as Audit from "../../audit";
import { decidedAgain, raced } from "../../decided-again";
import type { Deps } from "../../deps";
import { AuthError } from "../../error";
import type { UpdateSpec } from "../../store/expression";
import { changeGroup, claimGroupName, readMemberIds, releaseGroupName, type GroupItem } from "../../store/scim-groups";
import { stillDirectory } from "../../store/scim-users";
import { readSsoConfig } from "../../store/sso";
import { transact, type GuardedWrite } from "../../store/transact";
import { ScimError } from "../errors";
import { toGroupView, type GroupAttributes, type ScimGroupView } from "./group";
import { changeMembers, requireMembers, type MemberChange } from "./members";
import { readLiveGroup } from "./read";

/**
 * PUT and PATCH: `edit` turns the group as it is (attributes and members) into what is wanted.
 * First the group's own change (a rename moves its name claim: a taken name is 409 `uniqueness`;
 * GROUP_CHANGED), one transaction conditioned on its version; then each person who leaves, joins
 * or (renamed) stays, a transaction each, their access derived again. A directory that re-sends a
 * request cut short finds the group's change made and the members' still to do: each is done
 * once, so re-sending completes it.
 */
export async function update(deps: Deps, actor: DirectoryActor, groupId: string, edit: (current: GroupAttributes) => GroupAttributes, context: RequestContext): Promise<ScimGroupView> {
  const { group, before, wanted, renamed } = await decidedAgain(() => changeAttributes(deps, actor, groupId, edit, context));
  const config = await readSsoConfig(deps.db);
  const leaving = before.filter((id) => !wanted.members.includes(id));
  const joining = wanted.members.filter((id) => !before.includes(id));
  const changes: [string, MemberChange][] = [...leaving.map((id): [string, MemberChange] => [id, "leave"]), ...joining.map((id): [string, MemberChange] => [id, "join"])];
  if (renamed) {
    // Every member's groups name the group as it is now. Read after the rename: one who joined just before it is among them.
    const staying = (await readMemberIds(deps.db, group.id)).filter((id) => !leaving.includes(id) && !joining.includes(id));
    changes.push(...staying.map((id): [string, MemberChange] => [id, "refresh"]));
  }
  await changeMembers(deps, { actor, config, context }, group.id, changes);
  return toGroupView(group, wanted.members);
}

async function changeAttributes(deps: Deps, actor: DirectoryActor, groupId: string, edit: (current: GroupAttributes) => GroupAttributes, context: RequestContext) {
  const current = await readLiveGroup(deps, groupId);
  const before = await readMemberIds(deps.db, groupId);
  const wanted = edit({ displayName: current.displayName, externalId: current.externalId ?? null, members: before });
  await requireMembers(deps, wanted.members.filter((id) => !before.includes(id)));
  const renamed = wanted.displayName !== current.displayName;
  const externalIdChanged = wanted.externalId !== (current.externalId ?? null);
  if (!renamed && !externalIdChanged) return { group: current, before, wanted, renamed: false };

  const now = deps.clock.now().toISOString();
  const spec: UpdateSpec = { set: { displayName: wanted.displayName, updatedAt: now }, remove: [] };
  if (wanted.externalId) spec.set!.externalId = wanted.externalId;
  else spec.remove!.push("externalId");
  const writes: GuardedWrite[] = [stillDirectory(deps.db, actor.id, AuthError.unauthenticated), changeGroup(deps.db, current, spec, raced)];
  // A change of case only keeps the claim: names are claimed lowercase.
  if (wanted.displayName.toLowerCase() !== current.displayName.toLowerCase()) {
    writes.push(
      releaseGroupName(deps.db, current.displayName, current.id, raced),
      claimGroupName(deps.db, wanted.displayName, current.id, () => ScimError.groupNameTaken(wanted.displayName)),
    );
  }
  const changes: Record<string, { before: string | null; after: string | null }> = {};
  if (renamed) changes.displayName = { before: current.displayName, after: wanted.displayName };
  if (externalIdChanged) changes.externalId = { before: current.externalId ?? null, after: wanted.externalId };
  writes.push(Audit.write(deps, { type: "GROUP_CHANGED", actor, target: { type: "group", id: current.id }, changes, context }));
  await transact(deps.db, writes);
  const group: GroupItem = { ...current, displayName: wanted.displayName, updatedAt: now, version: current.version + 1 };
  if (wanted.externalId) group.externalId = wanted.externalId;
  else delete group.externalId;
  return { group, before, wanted, renamed: true };
}
