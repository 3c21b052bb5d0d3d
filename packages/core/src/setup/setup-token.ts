import type { Role } from "../actor";
import { newSecret, sha256 } from "../crypto/random";
import { Keys } from "../db/keys";
import { Write, type GuardedWrite } from "../db/transact";
import type { Deps } from "../deps";
import { DomainError } from "../error";
import type { UserItem } from "../user/user";

/** The stored side of a setup link: only the token's hash, never the token. */
export type SetupTokenItem = {
  pk: string;
  sk: string;
  entity: "SetupToken";
  userId: string;
  email: string;
  role: Role;
  /** What the user item holds that never changes while INVITED, so completing setup can answer without re-reading it. */
  user: { createdAt: string; invitedBy: { id: string; email: string } | null; isOwner: boolean };
  expiresAt: string;
  /** Set when redeemed; the item stays (until TTL) so a second redemption answers "used", not "unknown". */
  usedAt?: string;
  /** The TOTP seed shown on the setup page, sealed, until setup completes. */
  pendingTotpSecret?: string;
  ttl: number;
};

export const SetupError = {
  notFound: () => new DomainError("setup.not_found", "This setup link is not valid. Check that you opened the whole link."),
  expired: () => new DomainError("setup.expired", "This setup link has expired. Ask your admin for a new one."),
  used: () => new DomainError("setup.used", "This setup link has already been used. Sign in, or ask your admin for a new link."),
  totpNotStarted: () =>
    new DomainError("setup.totp_not_started", "Set up your authenticator first: request the QR code, then enter a code from the app."),
};

export type IssuedSetupToken = { token: string; tokenHash: string; expiresAt: Date; setupUrl: string; write: GuardedWrite };

// Used tokens stay readable for a week past expiry, so a late click still hears "already used".
const KEEP_AFTER_EXPIRY_SECONDS = 7 * 24 * 3600;

/** A fresh setup link for a user, and the write that stores its hash. */
export function issueSetupToken(
  deps: Pick<Deps, "db" | "clock" | "settings">,
  user: Pick<UserItem, "id" | "email" | "role" | "createdAt" | "invitedBy" | "isOwner">,
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
    user: { createdAt: user.createdAt, invitedBy: user.invitedBy, isOwner: user.isOwner },
    expiresAt: expiresAt.toISOString(),
    ttl: Math.floor(expiresAt.getTime() / 1000) + KEEP_AFTER_EXPIRY_SECONDS,
  };
  return {
    token,
    tokenHash,
    expiresAt,
    // The token rides in the fragment: browsers never send it to the server, so it stays out of access logs.
    setupUrl: `${deps.settings.publicUrl}/setup#token=${token}`,
    write: { write: Write.put(deps.db, item, { ConditionExpression: "attribute_not_exists(pk)" }) },
  };
}
