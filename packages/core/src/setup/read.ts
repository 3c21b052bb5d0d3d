import { sha256 } from "../crypto/random";
import type { Deps } from "../deps";
import { batchGet } from "../store/read";
import { Keys } from "../store/keys";
import { decodeSetupToken, readSetupToken, type SetupTokenItem } from "../store/setup-tokens";
import { decodeUser, type UserItem } from "../store/users";
import { SetupError } from "./errors";

/** Says precisely why a token is not live. Used beats expired: someone who already set up should sign in. */
function assertLive(item: SetupTokenItem | undefined, now: Date): asserts item is SetupTokenItem {
  if (!item) throw SetupError.notFound();
  if (item.usedAt) throw SetupError.used();
  if (now.getTime() >= Date.parse(item.expiresAt)) throw SetupError.expired();
}

/** Finds the live setup token behind a presented one. */
export async function readLiveSetupToken(deps: Pick<Deps, "db" | "clock">, token: string): Promise<SetupTokenItem> {
  const item = await readSetupToken(deps.db, sha256(token));
  assertLive(item, deps.clock.now());
  return item;
}

/** The live setup token and its user's profile, in one round trip (the token names the user). */
export async function readLiveSetupTokenWithUser(deps: Pick<Deps, "db" | "clock">, token: string): Promise<{ setup: SetupTokenItem; user: UserItem | undefined }> {
  const userId = /^st\.(usr_[0-9a-z]+)\./.exec(token)?.[1];
  if (!userId) throw SetupError.notFound();
  const setupKey = Keys.setupToken(sha256(token));
  const items = await batchGet(deps.db, [setupKey, Keys.user(userId)]);
  const setup = items.get(setupKey, decodeSetupToken);
  assertLive(setup, deps.clock.now());
  // A token that names another user than the one it was issued for is not a token we issued.
  if (setup.userId !== userId) throw SetupError.notFound();
  return { setup, user: items.get(Keys.user(userId), decodeUser) };
}
