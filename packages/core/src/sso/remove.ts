import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { authorize, requirePerson, requireSession, stillAllowed, type Principal } from "../policy";
import { deleteSsoConfig } from "../store/sso";
import { sawEnforced } from "../store/sso-enforcement-seen";
import { transact } from "../store/transact";
import { SsoError } from "./sso";

/**
 * Turns single sign-on off: the configuration (and its sealed secret) is deleted with its
 * SSO_REMOVED event, in one transaction after authentication. The people SSO made stay, with their
 * current roles; a new setup link gives them local credentials. The delete is conditional on a
 * configuration being there, so of concurrent removals exactly one succeeds and is recorded.
 */
export async function remove(deps: Pick<Deps, "db" | "clock">, principal: Principal, context: RequestContext): Promise<void> {
  const { actor } = principal;
  requirePerson(actor);
  authorize(principal, "sso:manage");
  requireSession(actor);
  await transact(deps.db, [
    deleteSsoConfig(deps.db, SsoError.notConfigured),
    ...stillAllowed(deps.db, actor),
    Audit.write(deps, { type: "SSO_REMOVED", actor, target: { type: "sso", id: "sso" }, context }),
  ]);
  sawEnforced(deps.db, false);
}
