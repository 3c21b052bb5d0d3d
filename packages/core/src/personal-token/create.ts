import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import { epochSeconds } from "../clock";
import { newSecret, newTimeOrderedId, sha256 } from "../crypto/random";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import { authorize, ownAccount, requireSession, type Principal } from "../policy";
import { Keys } from "../store/keys";
import { putPersonalToken, type PersonalTokenItem } from "../store/personal-tokens";
import { transact } from "../store/transact";
import { stillSignedIn } from "../store/users";
import type { CreatePersonalTokenInput } from "./schemas";
import { format, type CreatedPersonalToken } from "./token";

const DAY_MS = 86_400_000;

/**
 * Makes a token for the caller; the answer is the only time its secret is shown. One transaction:
 * the token, a check that the user's tokens were not cut since this request authenticated (a
 * password change or a deactivation racing this call must not leave a token behind), and the audit
 * event.
 */
export async function create(deps: Pick<Deps, "db" | "clock">, principal: Principal, input: CreatePersonalTokenInput, context: RequestContext): Promise<CreatedPersonalToken> {
  // A token (or an API client) cannot make a token: see requireSession.
  requireSession(principal.actor);
  authorize(principal, "account:manage");
  const account = ownAccount(principal);
  const now = deps.clock.now();
  // Time-ordered ids: the list reads the user's tokens newest first straight off the sort key.
  const tokenId = newTimeOrderedId("pat", now);
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + input.expiresInDays * DAY_MS);
  const item: PersonalTokenItem = {
    ...Keys.personalToken(account.id, tokenId),
    entity: "PersonalToken",
    tokenId,
    userId: account.id,
    name: input.name,
    tokenHash: sha256(secret),
    createdAt: now.toISOString(),
    epoch: account.tokenEpoch,
    expiresAt: expiresAt.toISOString(),
    // TTL only tidies up: authentication refuses the token from `expiresAt` on, to the millisecond.
    ttl: epochSeconds(expiresAt),
  };
  await transact(deps.db, [
    putPersonalToken(deps.db, item),
    // The caller's credentials died a moment ago: they are no longer signed in.
    stillSignedIn(deps.db, { id: account.id, epoch: account.tokenEpoch }, "tokenEpoch", AuthError.unauthenticated),
    Audit.write(deps, { type: "PAT_CREATED", actor: principal.actor, target: { type: "token", id: tokenId }, context }),
  ]);
  return { id: tokenId, name: item.name, token: format(account.id, tokenId, secret), expiresAt: item.expiresAt };
}
