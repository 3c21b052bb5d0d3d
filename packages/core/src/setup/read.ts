import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { sha256 } from "../crypto/random";
import { Keys } from "../db/keys";
import { readItems } from "../db/read-items";
import type { Deps } from "../deps";
import type { UserItem } from "../user/user";
import { SetupError, type SetupTokenItem } from "./setup-token";

/** Says precisely why a token is not live. Used beats expired: someone who already set up should sign in. */
function assertLive(item: SetupTokenItem | undefined, now: Date): asserts item is SetupTokenItem {
  if (!item) throw SetupError.notFound();
  if (item.usedAt) throw SetupError.used();
  if (now.getTime() >= Date.parse(item.expiresAt)) throw SetupError.expired();
}

/** Finds the live setup token behind a presented one. */
export async function readLiveSetupToken(deps: Pick<Deps, "db" | "clock">, token: string): Promise<SetupTokenItem> {
  const { Item } = await deps.db.doc.send(
    new GetCommand({ TableName: deps.db.table, Key: Keys.setupToken(sha256(token)), ConsistentRead: true }),
  );
  const item = Item as SetupTokenItem | undefined;
  assertLive(item, deps.clock.now());
  return item;
}

/** The live setup token and its user's profile, in one round trip (the token names the user). */
export async function readLiveSetupTokenWithUser(
  deps: Pick<Deps, "db" | "clock">,
  token: string,
): Promise<{ setup: SetupTokenItem; user: UserItem | undefined }> {
  const userId = /^st\.(usr_[0-9a-z]+)\./.exec(token)?.[1];
  if (!userId) throw SetupError.notFound();
  const setupKey = Keys.setupToken(sha256(token));
  const userKey = Keys.user(userId);
  const items = await readItems(deps.db, [setupKey, userKey]);
  const setup = items.find((item) => item.pk === setupKey.pk) as SetupTokenItem | undefined;
  assertLive(setup, deps.clock.now());
  // A token that names another user than the one it was issued for is not a token we issued.
  if (setup.userId !== userId) throw SetupError.notFound();
  return { setup, user: items.find((item) => item.pk === userKey.pk) as UserItem | undefined };
}
