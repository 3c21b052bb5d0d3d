import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import { Keys } from "../db/keys";
import { transact, Write } from "../db/transact";
import type { Deps } from "../deps";
import { requirePersonPrincipal } from "../policy";
import type { Principal } from "../session/authenticate";
import { PersonalTokenError } from "./token";

/**
 * Revokes one of the caller's tokens by deleting it: authentication then finds nothing, and the
 * audit event is the record. The delete is conditional on a live token in the caller's own
 * partition, so another user's id, an unknown id, an expired or cut token and a second revocation
 * all answer `token.not_found`, and of concurrent revocations exactly one succeeds and is recorded.
 */
export async function revoke(deps: Pick<Deps, "db" | "clock">, principal: Principal, tokenId: string, context: RequestContext): Promise<void> {
  requirePersonPrincipal(principal);
  const { actor, user } = principal;
  const epoch = user.tokenEpoch ?? 0;
  await transact(deps.db, [
    {
      write: Write.delete(deps.db, Keys.personalToken(user.id, tokenId), {
        ConditionExpression: "attribute_exists(pk) AND expiresAt > :now AND epoch = :epoch",
        ExpressionAttributeValues: { ":now": deps.clock.now().toISOString(), ":epoch": epoch },
      }),
      onConflict: PersonalTokenError.notFound,
    },
    Audit.write(deps, { type: "PAT_REVOKED", actor, target: { type: "token", id: tokenId }, context }),
  ]);
}
