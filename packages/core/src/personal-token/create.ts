import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import { epochSeconds } from "../clock";
import { newSecret, newTimeOrderedId, sha256 } from "../crypto/random";
import { Keys } from "../db/keys";
import { transact, Write } from "../db/transact";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import { requirePersonPrincipal, requireSession } from "../policy";
import type { Principal } from "../session/authenticate";
import { epochUnchanged } from "../user/epoch";
import type { CreatePersonalTokenInput } from "./schemas";
import { formatPersonalToken, type CreatedPersonalToken, type PersonalTokenItem } from "./token";

const DAY_MS = 86_400_000;

/**
 * Makes a token for the caller; the answer is the only time its secret is shown. One transaction:
 * the token, a check that the user's tokens were not cut since this request authenticated (a
 * password change or a deactivation racing this call must not leave a token behind), and the audit
 * event.
 */
export async function create(
  deps: Pick<Deps, "db" | "clock">,
  principal: Principal,
  input: CreatePersonalTokenInput,
  context: RequestContext,
): Promise<CreatedPersonalToken> {
  // A token (or an API client) cannot make a token: see requireSession.
  requireSession(principal.actor);
  requirePersonPrincipal(principal);
  const { actor, user } = principal;
  const now = deps.clock.now();
  // Time-ordered ids: the list reads the user's tokens newest first straight off the sort key.
  const tokenId = newTimeOrderedId("pat", now);
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + input.expiresInDays * DAY_MS);
  const item: PersonalTokenItem = {
    ...Keys.personalToken(user.id, tokenId),
    entity: "PersonalToken",
    tokenId,
    userId: user.id,
    name: input.name,
    tokenHash: sha256(secret),
    createdAt: now.toISOString(),
    epoch: user.tokenEpoch ?? 0,
    expiresAt: expiresAt.toISOString(),
    // TTL only tidies up: authentication refuses the token from `expiresAt` on, to the millisecond.
    ttl: epochSeconds(expiresAt),
  };

  const epoch = epochUnchanged("tokenEpoch", user.tokenEpoch);
  await transact(deps.db, [
    { write: Write.put(deps.db, item, { ConditionExpression: "attribute_not_exists(pk)" }) },
    {
      write: Write.check(deps.db, Keys.user(user.id), {
        ConditionExpression: `#status = :active AND mfaEnrolled = :true AND ${epoch.condition}`,
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":active": "ACTIVE", ":true": true, ...epoch.values },
      }),
      // The caller's credentials died a moment ago: they are no longer signed in.
      onConflict: AuthError.unauthenticated,
    },
    Audit.write(deps, { type: "PAT_CREATED", actor, target: { type: "token", id: tokenId }, context }),
  ]);
  return { id: tokenId, name: item.name, token: formatPersonalToken(user.id, tokenId, secret), expiresAt: item.expiresAt };
}
