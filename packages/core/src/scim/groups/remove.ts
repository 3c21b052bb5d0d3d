import type { DirectoryActor, RequestContext } from "../../actor";
import * as Audit from "../../audit";
import type { Deps } from "../../deps";
import { AuthError } from "../../error";
import { changeGroup, deleteGroup, readGroup, readMemberIds, releaseGroupName } from "../../store/scim-groups";
import { stillDirectory } from "../../store/scim-users";
import { readSsoConfig } from "../../store/sso";
import { transact } from "../../store/transact";
import { ScimError } from "../errors";
import { changeMembers } from "./members";

/**
 * DELETE /Groups/{id}. The group is marked as being deleted first (from then on it is gone for
 * every reader and no one can join it: a join racing the deletion sees the mark), then every
 * member leaves it, their access derived again without it, then the group and its name claim go
 * with GROUP_DEPROVISIONED. A deletion cut short is finished by the directory re-sending it.
 */
export async function remove(deps: Deps, actor: DirectoryActor, groupId: string, context: RequestContext): Promise<void> {
  let group = await readGroup(deps.db, groupId);
  if (!group) throw ScimError.groupNotFound(groupId);
  if (!group.deleting) {
    await transact(deps.db, [stillDirectory(deps.db, actor.id, AuthError.unauthenticated), changeGroup(deps.db, group, { set: { deleting: true } }, () => ScimError.groupNotFound(groupId))]);
    group = { ...group, deleting: true, version: group.version + 1 };
  }
  const members = await readMemberIds(deps.db, groupId);
  const config = await readSsoConfig(deps.db);
  await changeMembers(deps, { actor, config, context }, groupId, members.map((id) => [id, "leave"]));
  await transact(deps.db, [
    stillDirectory(deps.db, actor.id, AuthError.unauthenticated),
    deleteGroup(deps.db, group, () => ScimError.groupNotFound(groupId)),
    releaseGroupName(deps.db, group.displayName, group.id, () => ScimError.groupNotFound(groupId)),
    Audit.write(deps, { type: "GROUP_DEPROVISIONED", actor, target: { type: "group", id: group.id }, changes: null, context }),
  ]);
}
