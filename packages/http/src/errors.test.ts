import { AuthError, DomainError, RequestError, ServiceError, type ErrorCode } from "@roster/core";
import { ApiClientError } from "@roster/core/api-client/client";
import { OAuthError } from "@roster/core/api-client/oauth-error";
import type { Catalogs } from "@roster/core/error-codes";
import { MembershipError } from "@roster/core/membership/membership";
import { PasswordError } from "@roster/core/password/errors";
import { PersonalTokenError } from "@roster/core/personal-token/token";
import { ScimTokenError } from "@roster/core/scim-token/token";
import { ScimError } from "@roster/core/scim/errors";
import { AccessError } from "@roster/core/policy/access-error";
import { EnrollmentError } from "@roster/core/session/enrollment-token";
import { SetupError } from "@roster/core/setup/errors";
import { SsoError } from "@roster/core/sso/sso";
import { TenantError } from "@roster/core/tenant/tenant";
import { TotpError } from "@roster/core/totp/totp";
import { GuardError, UserError } from "@roster/core/user/errors";
import { WorkspaceError } from "@roster/core/workspace/ensure-owner";
import { describe, expect, it } from "vitest";
import { STATUS } from "./errors";

// `satisfies Catalogs` keeps this list the one error-codes.ts types ErrorCode from.
const CATALOGS = [
  AuthError,
  ServiceError,
  RequestError,
  AccessError,
  UserError,
  GuardError,
  SetupError,
  PasswordError,
  TotpError,
  EnrollmentError,
  PersonalTokenError,
  ScimTokenError,
  ScimError,
  TenantError,
  MembershipError,
  ApiClientError,
  OAuthError,
  WorkspaceError,
  SsoError,
] satisfies Catalogs;

type Factory = (...args: unknown[]) => DomainError;

/** Every factory of every catalog, called with dummy arguments (each parameter is a string, number or array). */
const built = CATALOGS.flatMap((catalog) =>
  Object.entries(catalog).map(([name, factory]: [string, Factory]) => ({ name, error: factory("dummy", ["dummy"]) })),
);
const HTTP_ONLY = ["request.malformed", "request.too_large", "request.unsupported_media_type", "route.not_found", "internal.error"];

describe("STATUS", () => {
  it.each(built)("maps $name ($error.code) to a client status", ({ error }) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toMatch(/^[a-z][a-z_]*\.[a-z_]+$/);
    expect(Object.hasOwn(STATUS, error.code)).toBe(true);
    const status = STATUS[error.code as ErrorCode];
    expect(status).toBeGreaterThanOrEqual(400);
    // A domain error the client can explain is never a server fault, except an outage (Roster's own, or the identity provider's).
    if (error.code !== "service.unavailable" && error.code !== "sso.provider_unavailable") expect(status).toBeLessThan(500);
  });

  it("holds exactly the catalogs' codes and the HTTP layer's own, the types and the running code agreeing", () => {
    expect(new Set([...built.map(({ error }) => error.code), ...HTTP_ONLY])).toEqual(new Set(Object.keys(STATUS)));
  });

  it("is made only by a catalog: a DomainError cannot be minted inline", () => {
    const Inline = DomainError as unknown as new (mint: symbol, code: string, message: string) => DomainError;
    expect(() => new Inline(Symbol("roster.error-catalog"), "user.nope", "made up")).toThrow(/catalog/);
  });

  // The statuses API.md promises for the codes it names.
  it.each<[keyof typeof STATUS, number]>([
    ["setup.expired", 410],
    ["setup.used", 410],
    ["setup.not_found", 404],
    ["setup.totp_not_started", 409],
    ["password.too_weak", 400],
    ["totp.invalid", 400],
    ["user.email_taken", 409],
    ["user.not_found", 404],
    ["auth.invalid_credentials", 401],
    ["auth.throttled", 429],
    ["auth.invalid_refresh", 401],
    ["auth.mfa_enrollment_required", 403],
    ["auth.reauthentication_failed", 403],
    ["auth.unauthenticated", 401],
    ["auth.forbidden", 403],
    ["user.self_action", 409],
    ["user.last_admin", 409],
    ["user.owner_protected", 409],
    ["user.not_invited", 409],
    ["membership.role_mismatch", 409],
    ["membership.expiry_required", 400],
    ["tenant.slug_taken", 409],
    ["tenant.not_found", 404],
    ["workspace.owner_exists", 409],
    ["service.unavailable", 503],
    ["request.too_large", 413],
    ["route.not_found", 404],
    ["request.malformed", 400],
    ["request.invalid", 400],
  ])("answers %s with %i as API.md says", (code, status) => {
    expect(STATUS[code]).toBe(status);
  });
});
