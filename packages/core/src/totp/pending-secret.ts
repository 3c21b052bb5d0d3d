import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Key } from "../db/keys";
import type { Deps } from "../deps";
import { describeEnrollment, newTotpSecret, type TotpEnrollment } from "./totp";

/** A one-time item (a setup link, an enrollment token) that carries the secret being enrolled. */
export type PendingHolder = { userId: string; email: string; pendingTotpSecret?: string };

/**
 * The authenticator secret a person is enrolling. Repeated calls (a reload, a second tab) return
 * the same secret: the first writer stores it under a condition, and a loser re-reads the holder
 * (through `reread`, which also says why it died if it did) and returns the winner's.
 */
export async function pendingSecret(
  deps: Pick<Deps, "db" | "secretBox">,
  holder: PendingHolder,
  key: Key,
  stillLive: { condition: string; values?: Record<string, unknown> },
  reread: () => Promise<TotpEnrollment>,
): Promise<TotpEnrollment> {
  if (holder.pendingTotpSecret) return describeEnrollment(deps.secretBox.open(holder.pendingTotpSecret, holder.userId), holder.email);
  const secret = newTotpSecret();
  try {
    await deps.db.doc.send(
      new UpdateCommand({
        TableName: deps.db.table,
        Key: key,
        UpdateExpression: "SET pendingTotpSecret = :secret",
        ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(pendingTotpSecret) AND ${stillLive.condition}`,
        ExpressionAttributeValues: { ":secret": deps.secretBox.seal(secret, holder.userId), ...stillLive.values },
      }),
    );
    return describeEnrollment(secret, holder.email);
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return reread();
  }
}
