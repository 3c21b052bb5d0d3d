import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { sha256 } from "../crypto/random";
import { Keys } from "../db/keys";
import type { Deps } from "../deps";
import { describeEnrollment, newTotpSecret, type TotpEnrollment } from "../totp/totp";
import { readLiveEnrollment } from "./enrollment-token";

/**
 * The new authenticator secret for a user whose MFA was reset, as `setup/start-totp.ts` does for
 * invitations. Repeated calls (a reload, a second tab) return the same pending secret: the first
 * writer wins with a condition, and a loser reads the winner's. The token stays valid.
 */
export async function enrollMfa(deps: Pick<Deps, "db" | "clock" | "secretBox">, enrollmentToken: string): Promise<TotpEnrollment> {
  const item = await readLiveEnrollment(deps, enrollmentToken);
  if (item.pendingTotpSecret) {
    return describeEnrollment(deps.secretBox.open(item.pendingTotpSecret, item.userId), item.email);
  }
  const secret = newTotpSecret();
  try {
    await deps.db.doc.send(
      new UpdateCommand({
        TableName: deps.db.table,
        Key: Keys.mfaEnrollment(sha256(enrollmentToken)),
        UpdateExpression: "SET pendingTotpSecret = :secret",
        ConditionExpression:
          "attribute_exists(pk) AND attribute_not_exists(pendingTotpSecret) AND attribute_not_exists(usedAt) AND expiresAt > :now",
        ExpressionAttributeValues: { ":secret": deps.secretBox.seal(secret, item.userId), ":now": deps.clock.now().toISOString() },
      }),
    );
    return describeEnrollment(secret, item.email);
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // Another call stored its secret first (or the token died meanwhile): the re-read says which.
    return enrollMfa(deps, enrollmentToken);
  }
}
