import type { Role } from "../actor";
import { DomainError } from "../error";

export type UserStatus = "INVITED" | "ACTIVE" | "DEACTIVATED";

/** The stored profile item. Secrets never leave core: `toPublicUser` is the only way out. */
export type UserItem = {
  pk: string;
  sk: string;
  entity: "User";
  id: string;
  email: string;
  /** Lowercase email and display name: what the team list's `q` matches as a prefix. */
  emailLower: string;
  nameLower?: string;
  displayName: string | null;
  role: Role;
  status: UserStatus;
  isOwner: boolean;
  mfaEnrolled: boolean;
  createdAt: string;
  invitedBy: { id: string; email: string } | null;
  lastLoginAt: string | null;
  setupExpiresAt: string | null;
  /** SHA-256 of the one live setup token, while INVITED. */
  setupTokenHash?: string;
  passwordHash?: string;
  /** The TOTP seed, sealed with AES-256-GCM and bound to the user id. */
  totpSecret?: string;
  /** The last accepted TOTP step: a code at or before it is refused (no replay). */
  totpLastStep?: number;
  /**
   * The generation of the user's sessions (absent = 0). A session is live only while it carries the
   * current one, so incrementing it ends every session in one write. A counter, not a timestamp:
   * a session opened in the same millisecond as a cut-off must not survive it.
   */
  sessionEpoch?: number;
  /** The same for personal access tokens. */
  tokenEpoch?: number;
  /**
   * How many tenant memberships of each kind the user holds, kept by the membership writes, so a
   * role change can refuse (as a transaction condition) to strand memberships the new role cannot hold.
   */
  operatorMemberships?: number;
  clientMemberships?: number;
  /** The tenants the user holds a membership in: their copies of the user's name are kept in step. */
  memberTenants?: Set<string>;
  version: number;
};

export type User = {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  status: UserStatus;
  isOwner: boolean;
  mfaEnrolled: boolean;
  createdAt: string;
  invitedBy: { id: string; email: string } | null;
  lastLoginAt: string | null;
  setupExpiresAt: string | null;
};

export function toPublicUser(item: UserItem): User {
  return {
    id: item.id,
    email: item.email,
    displayName: item.displayName ?? null,
    role: item.role,
    status: item.status,
    isOwner: item.isOwner === true,
    mfaEnrolled: item.mfaEnrolled === true,
    createdAt: item.createdAt,
    invitedBy: item.invitedBy ?? null,
    lastLoginAt: item.lastLoginAt ?? null,
    setupExpiresAt: item.status === "INVITED" ? (item.setupExpiresAt ?? null) : null,
  };
}

export const UserError = {
  emailTaken: (email: string) => new DomainError("user.email_taken", `${email} already belongs to a member of this workspace.`),
  notFound: () => new DomainError("user.not_found", "No user has this id."),
};

/** Emails are compared and claimed lowercase; the user keeps the spelling they were invited with. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();
