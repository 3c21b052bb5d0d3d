import { newSecret, sha256 } from "../crypto/random";
import type { Deps } from "../deps";
import { Keys } from "../store/keys";
import { putSetupToken, type SetupTokenItem } from "../store/setup-tokens";
import type { GuardedWrite } from "../store/transact";
import type { UserItem } from "../store/users";

export type IssuedSetupToken = { token: string; tokenHash: string; expiresAt: Date; setupUrl: string; write: GuardedWrite };

// Used tokens stay readable for a week past expiry, so a late click still hears "already used".
const KEEP_AFTER_EXPIRY_SECONDS = 7 * 24 * 3600;

/** A fresh setup link for a user, and the write that stores its hash (never the token). */
export function issueSetupToken(
  deps: Pick<Deps, "db" | "clock" | "settings">,
  user: Pick<UserItem, "id" | "email" | "role" | "createdAt" | "invitedBy" | "isOwner" | "source">,
): IssuedSetupToken {
  // The token names its user, so redeeming it reads the token and the profile in one round trip.
  const token = `st.${user.id}.${newSecret()}`;
  const tokenHash = sha256(token);
  const expiresAt = new Date(deps.clock.now().getTime() + deps.settings.setupTtlHours * 3600 * 1000);
  const item: SetupTokenItem = {
    ...Keys.setupToken(tokenHash),
    entity: "SetupToken",
    userId: user.id,
    email: user.email,
    role: user.role,
    user: { createdAt: user.createdAt, invitedBy: user.invitedBy, isOwner: user.isOwner, source: user.source },
    expiresAt: expiresAt.toISOString(),
    ttl: Math.floor(expiresAt.getTime() / 1000) + KEEP_AFTER_EXPIRY_SECONDS,
  };
  return {
    token,
    tokenHash,
    expiresAt,
    // The token rides in the fragment: browsers never send it to the server, so it stays out of access logs.
    setupUrl: `${deps.settings.publicUrl}/setup#token=${token}`,
    write: putSetupToken(deps.db, item),
  };
}
