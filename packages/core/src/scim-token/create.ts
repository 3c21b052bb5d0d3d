import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import { epochSeconds } from "../clock";
import { newSecret, newTimeOrderedId, sha256 } from "../crypto/random";
import type { Deps } from "../deps";
import { authorize, requirePerson, requireSession, stillAllowed, type Principal } from "../policy";
import { Keys } from "../store/keys";
import { putScimToken, type ScimTokenItem } from "../store/scim-tokens";
import { transact } from "../store/transact";
import type { CreateScimTokenInput } from "./schemas";
import { format, toPublic, type CreatedScimToken } from "./token";

const DAY_MS = 86_400_000;

/**
 * Makes a directory token; the answer is the only time its secret is shown. Only a SUPER_ADMIN
 * signed in as a person may (a token can provision and deprovision the whole team, so a stolen
 * personal access token must not mint one). One transaction: the token, the check that the admin
 * still is one when it commits, and the audit event.
 */
export async function create(deps: Pick<Deps, "db" | "clock">, principal: Principal, input: CreateScimTokenInput, context: RequestContext): Promise<CreatedScimToken> {
  const { actor } = principal;
  requirePerson(actor);
  authorize(principal, "scim-token:manage");
  requireSession(actor);
  const now = deps.clock.now();
  // Time-ordered ids: the list reads newest first straight off the sort key.
  const tokenId = newTimeOrderedId("scim", now);
  const secret = newSecret();
  const expiresAt = input.expiresInDays === undefined ? null : new Date(now.getTime() + input.expiresInDays * DAY_MS);
  const item: ScimTokenItem = {
    ...Keys.scimToken(tokenId),
    entity: "ScimToken",
    tokenId,
    name: input.name,
    tokenHash: sha256(secret),
    createdAt: now.toISOString(),
    createdBy: { id: actor.id, email: actor.email },
    expiresAt: expiresAt?.toISOString() ?? null,
    ...(expiresAt && { ttl: epochSeconds(expiresAt) }),
  };
  await transact(deps.db, [
    putScimToken(deps.db, item),
    ...stillAllowed(deps.db, actor),
    Audit.write(deps, { type: "SCIM_TOKEN_CREATED", actor, target: { type: "scim_token", id: tokenId }, context }),
  ]);
  return { ...toPublic(item), token: format(tokenId, secret) };
}
