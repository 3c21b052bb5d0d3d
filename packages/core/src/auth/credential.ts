import type { Principal } from "../policy";

/**
 * What a bearer credential says of itself, beside whom it stands for: the subject and client it was
 * issued to, the scopes it still carries (null: a person's, bounded by their role alone), when it
 * was issued and ends (seconds since the epoch), and its id (null for a personal access token,
 * whose secret is not to be named). What introspection reports.
 */
export type Credential = { subject: string; clientId: string; scopes: readonly string[] | null; issuedAt: number; expiresAt: number; jti: string | null };

export type Authenticated = { principal: Principal; credential: Credential };
