import { isGlobalRole, isScope, isTenantRole, type GlobalRole, type Scope, type TenantRole } from "./catalog";
import { InvalidTokenError } from "./errors";

/** A token's claims, or an introspection answer: JSON, nothing assumed. */
export type Claims = Record<string, unknown>;

/** `client_id` of a person's own sign-in (RFC 9068): every other value names an API client. */
export const PERSON_CLIENT_ID = "roster";

/** Who a verified token stands for, the same whether it was verified offline or introspected. */
export type RosterIdentity = {
  /** The person's user id, or the API client's id. */
  sub: string;
  /** `"roster"` for a person's sign-in or personal access token; otherwise the API client's id. */
  clientId: string;
  /** The global role; `null` when the token names none this version knows. */
  role: GlobalRole | null;
  /** Active memberships, `{ slug: tenantRole }`; `{}` when none. */
  tenants: Readonly<Record<string, TenantRole>>;
  /** What an API client may do; empty for people. */
  scope: readonly Scope[];
  expiresAt: Date;
  issuedAt: Date;
  /** Everything the token (or the introspection answer) said, for claims not named above (`jti`, `sid`, …). */
  claims: Readonly<Claims>;
};

const claimInvalid = (claim: string, what: string) => new InvalidTokenError("token.claim_invalid", `The token's "${claim}" ${what}.`, { claim });

function requiredString(claims: Claims, claim: string): string {
  const value = claims[claim];
  if (typeof value !== "string" || value === "") throw claimInvalid(claim, "must be a non-empty string");
  return value;
}

function requiredTime(claims: Claims, claim: "exp" | "iat"): Date {
  const value = claims[claim];
  if (typeof value !== "number" || !Number.isFinite(value)) throw claimInvalid(claim, "must be a NumericDate");
  return new Date(value * 1000);
}

function roleOf(claims: Claims): GlobalRole | null {
  const { role } = claims;
  if (role === undefined || role === null) return null;
  if (typeof role !== "string") throw claimInvalid("role", "must be a string");
  return isGlobalRole(role) ? role : null;
}

function tenantsOf(claims: Claims): Record<string, TenantRole> {
  const { tenants } = claims;
  if (tenants === undefined) return {};
  if (typeof tenants !== "object" || tenants === null || Array.isArray(tenants)) throw claimInvalid("tenants", "must be an object of tenant roles");
  // No prototype: a slug such as "constructor" or "__proto__" is only ever a slug, never an inherited member.
  const known: Record<string, TenantRole> = Object.create(null);
  for (const [slug, role] of Object.entries(tenants)) {
    if (typeof role !== "string") throw claimInvalid("tenants", "must be an object of tenant roles");
    if (isTenantRole(role)) Object.defineProperty(known, slug, { value: role, enumerable: true });
  }
  return known;
}

function scopeOf(claims: Claims): Scope[] {
  const { scope } = claims;
  if (scope === undefined) return [];
  if (typeof scope !== "string") throw claimInvalid("scope", "must be a space-separated string");
  return scope.split(" ").filter(isScope);
}

/**
 * The identity in a token's claims (or an active introspection answer), checked claim by claim:
 * a claim of the wrong type refuses the token rather than being read as "nothing".
 */
export function identityFrom(claims: Claims): RosterIdentity {
  return {
    sub: requiredString(claims, "sub"),
    clientId: requiredString(claims, "client_id"),
    role: roleOf(claims),
    tenants: tenantsOf(claims),
    scope: scopeOf(claims),
    expiresAt: requiredTime(claims, "exp"),
    issuedAt: requiredTime(claims, "iat"),
    claims,
  };
}
