import { z } from "zod";
import { ROLES, type Role } from "../actor";
import type { Db } from "./client";
import { decoder } from "./decode";
import { absent, exists, update } from "./expression";
import { Keys } from "./keys";
import { USER_SOURCES } from "./users";
import { getItem } from "./read";
import { Write, type GuardedWrite } from "./transact";

/** The stored side of a setup link: only the token's hash, never the token. */
const SetupTokenSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal("SetupToken"),
  userId: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  /** What the user item holds that never changes while INVITED, so completing setup can answer without re-reading it. */
  user: z.object({ createdAt: z.string(), invitedBy: z.object({ id: z.string(), email: z.string() }).nullable(), isOwner: z.boolean(), source: z.enum(USER_SOURCES).default("local") }),
  expiresAt: z.string(),
  /** Set when redeemed; the item stays (until TTL) so a second redemption answers "used", not "unknown". */
  usedAt: z.string().optional(),
  /** The TOTP seed shown on the setup page, sealed, until setup completes. */
  pendingTotpSecret: z.string().optional(),
  ttl: z.number(),
});
export type SetupTokenItem = z.output<typeof SetupTokenSchema>;
export const decodeSetupToken = decoder("setup token", SetupTokenSchema);

export const readSetupToken = (db: Db, tokenHash: string) => getItem(db, Keys.setupToken(tokenHash), decodeSetupToken);

export const putSetupToken = (db: Db, item: SetupTokenItem): GuardedWrite => Write.put(db, "setupTokens.create", item, { condition: absent() });

export const deleteSetupToken = (db: Db, tokenHash: string): GuardedWrite => Write.delete(db, "setupTokens.delete", Keys.setupToken(tokenHash));

/** The setup page shows the role the link was issued for: a role change keeps it true. */
export const setSetupTokenRole = (db: Db, tokenHash: string, role: Role, onConflict: () => Error): GuardedWrite =>
  Write.update(db, "setupTokens.setRole", Keys.setupToken(tokenHash), update({ set: { role } }), { condition: exists(), onConflict });
