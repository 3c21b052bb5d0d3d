import { Session } from "@roster/core";
import { requireAuth } from "../middleware/authenticate";
import { LoginResponseSchema, problems, TokensSchema, TotpEnrollmentSchema } from "../schemas";
import { bearerAuth, createRoute, jsonBody, jsonResponse, newRouter, type ApiTag } from "./router";

const tags: ApiTag[] = ["Sign-in"];

const login = createRoute({
  method: "post",
  path: "/v1/auth/login",
  operationId: "login",
  tags,
  security: [],
  summary: "Sign in",
  description:
    "Email, password and a current authenticator code. Every failure answers 401 `auth.invalid_credentials` " +
    "(unknown email, wrong password, wrong or replayed code, deactivated user, anyone but the owner while single sign-on is enforced), and an unknown email costs the same round " +
    "trips and password hashing as a known one.\n\n" +
    "Guesses are counted before they are checked: each attempt takes a slot of the account's (5) and the address's (20) " +
    "15-minute window, and a full window answers 429 `auth.throttled` with `Retry-After` (the seconds until it ends), " +
    "however many requests arrive at once. A right password gives the slots back.\n\n" +
    "When the password is right but the account's authenticator was reset, " +
    "`totpCode` may be omitted and the answer is 403 `auth.mfa_enrollment_required` with an `enrollmentToken` " +
    "(good for 10 minutes) for `/v1/auth/mfa/enroll` and `/v1/auth/mfa/confirm`.",
  request: { body: jsonBody(Session.LoginInput) },
  responses: { 200: jsonResponse(LoginResponseSchema, "Signed in."), ...problems(400, 401, 403, 429, 503) },
});

const mfaEnroll = createRoute({
  method: "post",
  path: "/v1/auth/mfa/enroll",
  operationId: "startMfaEnrollment",
  tags,
  security: [],
  summary: "Start authenticator re-enrollment",
  description:
    "After an MFA reset: the new TOTP secret for the `enrollmentToken` that sign-in answered with. Repeated calls return " +
    "the same pending secret; the token stays valid. 401 `auth.invalid_enrollment` for an unknown, expired or used token.",
  request: { body: jsonBody(Session.MfaEnrollInput) },
  responses: { 200: jsonResponse(TotpEnrollmentSchema, "The secret to add to an authenticator app."), ...problems(400, 401, 503) },
});

const mfaConfirm = createRoute({
  method: "post",
  path: "/v1/auth/mfa/confirm",
  operationId: "confirmMfaEnrollment",
  tags,
  security: [],
  summary: "Confirm the new authenticator and sign in",
  description:
    "A current code from the newly added authenticator. Enrolls it and signs in, answering like `/v1/auth/login`; the " +
    "enrollment token is spent atomically: of concurrent calls exactly one succeeds, the others get 401 " +
    "`auth.invalid_enrollment` (also for an unknown, expired or used token, or an account reset again, deactivated or " +
    "already enrolled since). 400 `totp.invalid`; 409 `auth.mfa_enrollment_not_started` when `/v1/auth/mfa/enroll` " +
    "was not called first.",
  request: { body: jsonBody(Session.MfaConfirmInput) },
  responses: { 200: jsonResponse(LoginResponseSchema, "Enrolled and signed in."), ...problems(400, 401, 409, 503) },
});

const refresh = createRoute({
  method: "post",
  path: "/v1/auth/refresh",
  operationId: "refreshTokens",
  tags,
  security: [],
  summary: "Rotate tokens",
  description: "Each refresh token works once. Presenting a spent one revokes its session.",
  request: { body: jsonBody(Session.RefreshInput) },
  responses: { 200: jsonResponse(TokensSchema, "A new token pair."), ...problems(400, 401, 503) },
});

const logout = createRoute({
  method: "post",
  path: "/v1/auth/logout",
  operationId: "logout",
  tags,
  summary: "Sign out",
  description: "Ends the caller's session: its access and refresh tokens stop working.",
  security: bearerAuth,
  middleware: [requireAuth()] as const,
  responses: { 204: { description: "Signed out." }, ...problems(401, 503) },
});

export const authRoutes = newRouter()
  .openapi(login, async (c) => {
    const result = await Session.login(c.var.deps, c.req.valid("json"), c.var.requestContext);
    return c.json(result, 200);
  })
  .openapi(mfaEnroll, async (c) => {
    const enrollment = await Session.enrollMfa(c.var.deps, c.req.valid("json").enrollmentToken);
    return c.json(enrollment, 200);
  })
  .openapi(mfaConfirm, async (c) => {
    const result = await Session.confirmMfa(c.var.deps, c.req.valid("json"), c.var.requestContext);
    return c.json(result, 200);
  })
  .openapi(refresh, async (c) => {
    const tokens = await Session.refresh(c.var.deps, c.req.valid("json").refreshToken, c.var.requestContext);
    return c.json(tokens, 200);
  })
  .openapi(logout, async (c) => {
    await Session.logout(c.var.deps, c.var.principal.actor, c.var.requestContext);
    return c.body(null, 204);
  });
