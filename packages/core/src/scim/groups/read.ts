import type { Deps } from "../../deps";
import { readGroup, readMemberIds, type GroupItem } from "../../store/scim-groups";
import { ScimError } from "../errors";
import { toGroupView, type ScimGroupView } from "./group";

/** The group, unless it is not there or being deleted (404 either way: a deletion under way has been answered for). */
export async function readLiveGroup(deps: Pick<Deps, "db">, groupId: string): Promise<GroupItem> {
  const group = await readGroup(deps.db, groupId);
  if (!group || group.deleting) throw ScimError.groupNotFound(groupId);
  return group;
}

/** GET /Groups/{id}: the group and, unless left out (`excludedAttributes=members`), its members. */
export async function get(deps: Pick<Deps, "db">, groupId: string, options: { members: boolean }): Promise<ScimGroupView> {
  const group = await readLiveGroup(deps, groupId);
  return toGroupView(group, options.members ? await readMemberIds(deps.db, group.id) : undefined);
}
