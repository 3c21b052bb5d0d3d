import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { authorize, ownAccount, type Principal } from "../policy";
import { deletePersonalToken } from "../store/personal-tokens";
import { transact } from "../store/transact";
import { PersonalTokenError } from "./token";

/**
 * Revokes one of the caller's tokens by deleting it: authentication then finds nothing, and the
 * audit event is the record. The delete is conditional on a live token in the caller's own
 * partition, so another user's id, an unknown id, an expired or cut token and a second revocation
 * all answer `token.not_found`, and of concurrent revocations exactly one succeeds and is recorded.
 */
export async function revoke(deps: Pick<Deps, "db" | "clock">, principal: Principal, tokenId: string, context: RequestContext): Promise<void> {
  authorize(principal, "account:manage");
  const account = ownAccount(principal);
  await transact(deps.db, [
    deletePersonalToken(deps.db, account.id, tokenId, deps.clock.now().toISOString(), account.tokenEpoch, PersonalTokenError.notFound),
    Audit.write(deps, { type: "PAT_REVOKED", actor: principal.actor, target: { type: "token", id: tokenId }, context }),
  ]);
}
