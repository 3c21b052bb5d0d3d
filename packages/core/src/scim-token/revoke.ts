import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { authorize, requirePerson, requireSession, stillAllowed, type Principal } from "../policy";
import { deleteScimToken } from "../store/scim-tokens";
import { transact } from "../store/transact";
import { ScimTokenError } from "./token";

/**
 * Revokes a directory token by deleting it: authentication reads it strongly consistent, so the
 * next request with it finds nothing. The delete is conditional on the token being there, so an
 * unknown id and a second revocation answer `scim_token.not_found`, and of concurrent revocations
 * exactly one succeeds and is recorded.
 */
export async function revoke(deps: Pick<Deps, "db" | "clock">, principal: Principal, tokenId: string, context: RequestContext): Promise<void> {
  const { actor } = principal;
  requirePerson(actor);
  authorize(principal, "scim-token:manage");
  requireSession(actor);
  await transact(deps.db, [
    deleteScimToken(deps.db, tokenId, ScimTokenError.notFound),
    ...stillAllowed(deps.db, actor),
    Audit.write(deps, { type: "SCIM_TOKEN_REVOKED", actor, target: { type: "scim_token", id: tokenId }, context }),
  ]);
}
