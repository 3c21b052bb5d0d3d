import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { sha256 } from "../crypto/random";
import { Keys } from "../db/keys";
import type { Deps } from "../deps";
import { SetupError, type SetupTokenItem } from "./setup-token";

/**
 * Finds the live setup token behind a presented one, or says precisely why it is not live.
 * Used beats expired: someone who already set up should be told to sign in.
 */
export async function readLiveSetupToken(deps: Pick<Deps, "db" | "clock">, token: string): Promise<SetupTokenItem> {
  const { Item } = await deps.db.doc.send(
    new GetCommand({ TableName: deps.db.table, Key: Keys.setupToken(sha256(token)), ConsistentRead: true }),
  );
  const item = Item as SetupTokenItem | undefined;
  if (!item) throw SetupError.notFound();
  if (item.usedAt) throw SetupError.used();
  if (deps.clock.now().getTime() >= Date.parse(item.expiresAt)) throw SetupError.expired();
  return item;
}
