import { sha256 } from "../crypto/random";
import type { Deps } from "../deps";
import { Keys } from "../store/keys";
import { stillLive } from "../store/one-time";
import { pendingSecret } from "../totp/pending-secret";
import type { TotpEnrollment } from "../totp/totp";
import { readLiveEnrollment } from "./enrollment-token";

/**
 * The new authenticator secret for a user whose MFA was reset, the same on every call, as for
 * invitations. The token stays valid.
 */
export async function enrollMfa(deps: Pick<Deps, "db" | "clock" | "secretBox">, enrollmentToken: string): Promise<TotpEnrollment> {
  const item = await readLiveEnrollment(deps, enrollmentToken);
  return pendingSecret(
    deps,
    item,
    Keys.mfaEnrollment(sha256(enrollmentToken)),
    stillLive(deps.clock.now().toISOString()),
    // Another call stored its secret first (or the token died meanwhile): the re-read says which.
    () => enrollMfa(deps, enrollmentToken),
  );
}
