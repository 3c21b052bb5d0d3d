import { AuthError, DomainError, ServiceError } from "@roster/core";
import { PasswordError } from "@roster/core/password/policy";
import { PersonalTokenError } from "@roster/core/personal-token/token";
import { EnrollmentError } from "@roster/core/session/enrollment-token";
import { SetupError } from "@roster/core/setup/setup-token";
import { TotpError } from "@roster/core/totp/totp";
import { UserError } from "@roster/core/user/user";
import { GuardError } from "@roster/core/user/errors";
import { MembershipError } from "@roster/core/membership/membership";
import { TenantError } from "@roster/core/tenant/tenant";
import { ConflictError } from "@roster/core/db/transact";
import { PageError } from "@roster/core/db/page";
import { ApiClientError } from "@roster/core/api-client/client";
import { OAuthError } from "@roster/core/api-client/oauth-error";
import { describe, expect, it } from "vitest";
import { STATUS_BY_CODE } from "./errors";

type Factory = (...args: never[]) => DomainError;
const CATALOGS: Record<string, Record<string, Factory>> = {
  AuthError,
  ServiceError,
  SetupError,
  UserError,
  PasswordError,
  TotpError,
  EnrollmentError,
  PersonalTokenError,
  GuardError,
  MembershipError,
  TenantError,
  ConflictError,
  PageError,
  ApiClientError,
  OAuthError,
};

/** Calls a factory with dummy arguments: every parameter of every catalog is a string, number or string[]. */
function build(factory: Factory): DomainError {
  const dummies = ["dummy", ["dummy"]];
  return (factory as (...args: unknown[]) => DomainError)(...dummies.slice(0, Math.max(factory.length, 1)));
}

const built = Object.entries(CATALOGS).flatMap(([catalog, factories]) =>
  Object.entries(factories).map(([name, factory]) => ({ name: `${catalog}.${name}`, error: build(factory) })),
);

describe("STATUS_BY_CODE", () => {
  it("sees every factory of every catalog", () => {
    expect(built.map((entry) => entry.name)).toEqual(
      expect.arrayContaining([
        "AuthError.unauthenticated",
        "AuthError.forbidden",
        "AuthError.invalidCredentials",
        "AuthError.throttled",
        "AuthError.invalidRefresh",
        "AuthError.mfaEnrollmentRequired",
        "ServiceError.unavailable",
        "SetupError.notFound",
        "SetupError.expired",
        "SetupError.used",
        "SetupError.totpNotStarted",
        "UserError.emailTaken",
        "UserError.notFound",
        "PasswordError.tooWeak",
        "TotpError.invalid",
        "EnrollmentError.invalid",
        "EnrollmentError.notStarted",
      ]),
    );
  });

  it.each(built)("maps $name ($error.code) to a status", ({ error }) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toMatch(/^[a-z][a-z_]*\.[a-z_]+$/);
    expect(Object.hasOwn(STATUS_BY_CODE, error.code)).toBe(true);
    const status = STATUS_BY_CODE[error.code]!;
    expect(status).toBeGreaterThanOrEqual(400);
    // A domain error the client can explain is never a server fault, except an outage.
    if (error.code !== "service.unavailable") expect(status).toBeLessThan(500);
  });

  it("maps the workspace bootstrap conflicts (raised inline in workspace/ensure-owner.ts)", () => {
    expect(STATUS_BY_CODE["workspace.owner_exists"]).toBe(409);
    expect(STATUS_BY_CODE["workspace.owner_changed"]).toBe(409);
  });

  // The statuses API.md promises for the codes it names.
  it.each<[string, number]>([
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
    ["service.unavailable", 503],
    ["request.too_large", 413],
    ["route.not_found", 404],
    ["request.malformed", 400],
    ["request.invalid", 400],
  ])("answers %s with %i as API.md says", (code, status) => {
    expect(STATUS_BY_CODE[code]).toBe(status);
  });

  it("only holds dotted codes and error statuses", () => {
    for (const [code, status] of Object.entries(STATUS_BY_CODE)) {
      expect(code).toMatch(/^[a-z][a-z_]*\.[a-z_]+$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });
});
