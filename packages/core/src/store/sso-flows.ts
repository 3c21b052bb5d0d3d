import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import type { Db } from "./client";
import { decoder } from "./decode";
import { Keys } from "./keys";
import { absent } from "./expression";
import { putItem } from "./write";

/**
 * An SSO sign-in between its start and the provider's redirect back: what the callback needs to
 * finish it (the PKCE verifier, the nonce, where the person was going) and the hash of the random
 * value the browser that started it holds in a cookie. Keyed by the hash of `state`; spent (deleted)
 * at the first callback that names it, so a replayed callback finds nothing.
 */
const SsoFlowSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal("SsoFlow"),
  codeVerifier: z.string(),
  nonce: z.string(),
  returnTo: z.string(),
  /** SHA-256 of the browser binding cookie's value (login CSRF: a callback from another browser is refused). */
  browserHash: z.string(),
  /** The configuration it was started with: a flow started for another provider is not finished with this one. */
  issuer: z.string(),
  clientId: z.string(),
  expiresAt: z.string(),
  ttl: z.number(),
});
export type SsoFlowItem = z.output<typeof SsoFlowSchema>;
const decodeSsoFlow = decoder("SSO sign-in flow", SsoFlowSchema);

export const putSsoFlow = (db: Db, item: SsoFlowItem) => putItem(db, "ssoFlows.start", item, absent());

/**
 * Spends the flow: deleted, and what it held answered, in one request. Of two callbacks with the
 * same state exactly one gets the item (DynamoDB answers the old item to the delete that removed
 * it); the other, and any later replay, gets undefined. Whether it expired is the caller's to check:
 * TTL removes items late.
 */
export async function spendSsoFlow(db: Db, stateHash: string): Promise<SsoFlowItem | undefined> {
  const { Attributes } = await db.doc.send(new DeleteCommand({ TableName: db.table, Key: Keys.ssoFlow(stateHash), ReturnValues: "ALL_OLD" }));
  return Attributes ? decodeSsoFlow(Attributes) : undefined;
}
