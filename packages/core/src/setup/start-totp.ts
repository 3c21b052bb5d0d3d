import { sha256 } from "../crypto/random";
import type { Deps } from "../deps";
import { absent } from "../store/expression";
import { Keys } from "../store/keys";
import { pendingSecret } from "../totp/pending-secret";
import type { TotpEnrollment } from "../totp/totp";
import { readLiveSetupToken } from "./read";

/** The authenticator secret for this invitation: the same on every call until setup completes. */
export async function startTotp(deps: Pick<Deps, "db" | "clock" | "secretBox">, token: string): Promise<TotpEnrollment> {
  const item = await readLiveSetupToken(deps, token);
  return pendingSecret(deps, item, Keys.setupToken(sha256(token)), absent("usedAt"), () => startTotp(deps, token));
}
