import type { Deps } from "../deps";
import type { Expr } from "../store/expression";
import type { Key } from "../store/keys";
import { storePendingSecret } from "../store/one-time";
import { isConditionFailed } from "../store/transact";
import { describeEnrollment, newTotpSecret, type TotpEnrollment } from "./totp";

/** A one-time item (a setup link, an enrollment token) that carries the secret being enrolled. */
export type PendingHolder = { userId: string; email: string; pendingTotpSecret?: string | undefined };

/**
 * The authenticator secret a person is enrolling. Repeated calls (a reload, a second tab) return
 * the same secret: the first writer stores it under a condition, and a loser re-reads the holder
 * (through `reread`, which also says why it died if it did) and returns the winner's.
 */
export async function pendingSecret(
  deps: Pick<Deps, "db" | "secretBox">,
  holder: PendingHolder,
  key: Key,
  stillLive: Expr,
  reread: () => Promise<TotpEnrollment>,
): Promise<TotpEnrollment> {
  if (holder.pendingTotpSecret) return describeEnrollment(deps.secretBox.open(holder.pendingTotpSecret, holder.userId), holder.email);
  const secret = newTotpSecret();
  const storing = storePendingSecret(deps.db, key, deps.secretBox.seal(secret, holder.userId), stillLive);
  // The QR code (most of a millisecond of CPU) is drawn while the write waits on DynamoDB, not
  // after it: once the current I/O phase is over, so the write's request has left first.
  const drawing = new Promise<void>((resolve) => setImmediate(resolve)).then(() => describeEnrollment(secret, holder.email));
  try {
    await storing;
  } catch (error) {
    // The drawing is dropped with the secret it shows; a failure of it says nothing more.
    drawing.catch(() => undefined);
    if (!isConditionFailed(error)) throw error;
    return reread();
  }
  return drawing;
}
