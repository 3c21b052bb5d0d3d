import { sha256 } from "../crypto/random";
import { Keys } from "../db/keys";
import type { Deps } from "../deps";
import { pendingSecret } from "../totp/pending-secret";
import type { TotpEnrollment } from "../totp/totp";
import { readLiveSetupToken } from "./read";

/** The authenticator secret for this invitation: the same on every call until setup completes. */
export async function startTotp(deps: Pick<Deps, "db" | "clock" | "secretBox">, token: string): Promise<TotpEnrollment> {
  const item = await readLiveSetupToken(deps, token);
  return pendingSecret(deps, item, Keys.setupToken(sha256(token)), { condition: "attribute_not_exists(usedAt)" }, () => startTotp(deps, token));
}
