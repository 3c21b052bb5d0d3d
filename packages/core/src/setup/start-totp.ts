import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { sha256 } from "../crypto/random";
import { Keys } from "../db/keys";
import type { Deps } from "../deps";
import { describeEnrollment, newTotpSecret, type TotpEnrollment } from "../totp/totp";
import { readLiveSetupToken } from "./read";

/**
 * The authenticator secret for this invitation. Repeated calls (a reload, a second tab) return the
 * same pending secret: the first writer wins with a condition, and a loser reads the winner's.
 */
export async function startTotp(deps: Pick<Deps, "db" | "clock" | "secretBox">, token: string): Promise<TotpEnrollment> {
  const item = await readLiveSetupToken(deps, token);
  if (item.pendingTotpSecret) {
    return describeEnrollment(deps.secretBox.open(item.pendingTotpSecret, item.userId), item.email);
  }
  const secret = newTotpSecret();
  try {
    await deps.db.doc.send(
      new UpdateCommand({
        TableName: deps.db.table,
        Key: Keys.setupToken(sha256(token)),
        UpdateExpression: "SET pendingTotpSecret = :secret",
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(pendingTotpSecret) AND attribute_not_exists(usedAt)",
        ExpressionAttributeValues: { ":secret": deps.secretBox.seal(secret, item.userId) },
      }),
    );
    return describeEnrollment(secret, item.email);
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return startTotp(deps, token);
  }
}
