import type { DirectoryActor, RequestContext } from "../../actor";
import * as Audit from "../../audit";
import { newId } from "../../crypto/random";
import type { Deps } from "../../deps";
import { AuthError } from "../../error";
import { claimGroupName, putGroup } from "../../store/scim-groups";
import { stillDirectory } from "../../store/scim-users";
import { readSsoConfig } from "../../store/sso";
import { transact } from "../../store/transact";
import { ScimError } from "../errors";
import type { ScimGroupInput } from "../schemas";
import { toGroupView, type ScimGroupView } from "./group";
import { changeMembers, requireMembers } from "./members";
import { replaceGroupWith } from "./patch";
import { readLiveGroup } from "./read";

/**
 * POST /Groups (RFC 7644 §3.3): the group, its name claimed (a taken one, compared
 * case-insensitively, is 409 `uniqueness`: the mapping matches names, so two groups never share
 * one) and GROUP_PROVISIONED, in one transaction; then each member joins it in a transaction of
 * their own, their access derived by the SSO mapping. Every member must be a person of the
 * workspace, checked before anything is written (400 `invalidValue` otherwise).
 */
export async function create(deps: Deps, actor: DirectoryActor, input: ScimGroupInput, context: RequestContext): Promise<ScimGroupView> {
  const wanted = replaceGroupWith(input);
  await requireMembers(deps, wanted.members);
  const id = newId("grp");
  const now = deps.clock.now().toISOString();
  const group = { id, displayName: wanted.displayName, ...(wanted.externalId && { externalId: wanted.externalId }), createdAt: now };
  await transact(deps.db, [
    stillDirectory(deps.db, actor.id, AuthError.unauthenticated),
    claimGroupName(deps.db, group.displayName, id, () => ScimError.groupNameTaken(group.displayName)),
    putGroup(deps.db, group),
    Audit.write(deps, {
      type: "GROUP_PROVISIONED",
      actor,
      target: { type: "group", id },
      changes: { displayName: { before: null, after: group.displayName }, externalId: { before: null, after: wanted.externalId } },
      context,
    }),
  ]);
  const config = await readSsoConfig(deps.db);
  await changeMembers(deps, { actor, config, context }, id, wanted.members.map((userId) => [userId, "join"]));
  return toGroupView(await readLiveGroup(deps, id), wanted.members);
}
