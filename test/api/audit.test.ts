import { Actor, Audit, Workspace } from "@roster/core";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { randomUUID } from "node:crypto";
import { createHarness, GOOD_PASSWORD, PUBLIC_URL, type Harness } from "../harness";
import { AUDIT_SHARDS } from "@roster/core/store/keys";

let h: Harness;
let owner: Awaited<ReturnType<Harness["owner"]>>;
beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner("chief@example.com");
});

type Expected = { type: string; actor: object; target: object; changes?: object | null; tenant?: string };
type Scenario = {
  name: string;
  /** Work before the recorded action (not asserted). */
  arrange?: () => Promise<Record<string, string>>;
  act: (given: Record<string, string>) => Promise<unknown>;
  expect: (given: Record<string, string>) => Expected[];
  /** How the event is written: in one transaction with the change, or alone (nothing else changes). */
  written: "with-change" | "alone" | "none";
  /** The status the action answers, when `act` returns a response: a "none" scenario must not pass by failing. */
  status?: number;
  /** Nothing at all is written (a read, or a request that changes nothing). */
  readOnly?: true;
  /** Puts back what the action changed that later scenarios rely on (runs after the assertions). */
  cleanup?: (given: Record<string, string>) => Promise<void>;
};

const sys = (name: string) => ({ type: "system", id: `system:${name}`, name });
let n = 0;
const fresh = () => `audited${++n}@example.com`;

const invited = (email = fresh()) => h.invited(owner.accessToken, email);
const active = () => h.activeUser(owner.accessToken, fresh());
/** An ACTIVE user with a session. */
async function signedIn() {
  const { email, id, secret, accessToken, refreshToken } = await h.member(owner.accessToken, fresh());
  return { email, id, secret, accessToken, refreshToken };
}
/** An ACTIVE user whose authenticator the owner just reset. */
async function reset() {
  const a = await active();
  const res = await h.call("POST", `/v1/users/${a.id}/mfa-reset`, { token: owner.accessToken });
  if (res.status !== 200) throw new Error(`mfa-reset ${res.status}: ${JSON.stringify(res.body)}`);
  return a;
}
/** A reset user who signed in with the password alone and asked for the new secret. */
async function enrolling() {
  const a = await reset();
  const login = await h.call("POST", "/v1/auth/login", { body: { email: a.email, password: GOOD_PASSWORD } });
  const enrollmentToken = login.body.enrollmentToken as string;
  const enroll = await h.call("POST", "/v1/auth/mfa/enroll", { body: { enrollmentToken } });
  return { ...a, enrollmentToken, newSecret: enroll.body.secret as string };
}
async function withToken() {
  const s = await signedIn();
  const pat = await h.call("POST", "/v1/me/tokens", { token: s.accessToken, body: { name: "script", expiresInDays: 30 } });
  return { ...s, tokenId: pat.body.id as string, pat: pat.body.token as string };
}
const asOwner = (method: string, path: string, body?: unknown) => h.call(method, path, { token: owner.accessToken, body });
const chief = () => ({ type: "user", id: owner.user.id, email: owner.email });
const person = (g: Record<string, string>) => ({ type: "user", id: g.id, email: g.email });
const NEW_PASSWORD = "violet harbor quill tundra 58";
let tenants = 0;
const tenantSlug = () => `audited-${++tenants}`;
/** A fresh tenant, created by the owner. */
async function tenant() {
  const slug = tenantSlug();
  const res = await asOwner("POST", "/v1/tenants", { slug, name: "Audited" });
  if (res.status !== 201) throw new Error(`tenant ${res.status}: ${JSON.stringify(res.body)}`);
  return slug;
}
/** An invited operator holding OPERATOR_READONLY in a fresh tenant. */
async function granted() {
  const [i, slug] = [await invited(), await tenant()];
  const res = await asOwner("PUT", `/v1/tenants/${slug}/memberships/${i.id}`, { role: "OPERATOR_READONLY" });
  if (res.status !== 201) throw new Error(`grant ${res.status}: ${JSON.stringify(res.body)}`);
  return { ...i, slug };
}
const membership = (g: Record<string, string>) => ({ type: "membership", id: `${g.slug}/${g.id}`, email: g.email });

/** A fresh Ed25519 public JWK, and the private key that signs for it. */
async function clientKey() {
  const { publicKey, privateKey } = await generateKeyPair("EdDSA", { extractable: true });
  return { publicJwk: await exportJWK(publicKey), privateKey };
}
/** A DELEGATED client the owner registered, an access token for it, and a second assertion not yet used. */
async function apiClient(): Promise<Record<string, string>> {
  const key = await clientKey();
  const created = await asOwner("POST", "/v1/api-clients", { name: "feed", type: "DELEGATED", publicKey: key.publicJwk, scopes: ["users:write"] });
  if (created.status !== 201) throw new Error(`api client ${created.status}: ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const assertion = await clientAssertion(id, key.privateKey);
  const issued = await h.call("POST", "/oauth/token", {
    raw: new URLSearchParams({ grant_type: "client_credentials", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion }).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  return { clientId: id, clientToken: issued.body.access_token as string, spareAssertion: await clientAssertion(id, key.privateKey) };
}
const clientAssertion = (id: string, privateKey: Parameters<SignJWT["sign"]>[0]) =>
  new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: "EdDSA" })
    .setIssuer(id)
    .setSubject(id)
    .setAudience(`${PUBLIC_URL}/oauth/token`)
    .setIssuedAt(Math.floor(h.clock.now().getTime() / 1000))
    .setExpirationTime(Math.floor(h.clock.now().getTime() / 1000) + 60)
    .sign(privateKey);
const apiClientTarget = (g: Record<string, string>) => ({ type: "api_client", id: g.clientId });

const SCENARIOS: Scenario[] = [
  {
    name: "POST /v1/users",
    arrange: async () => ({ email: fresh() }),
    act: (g) => h.call("POST", "/v1/users", { token: owner.accessToken, body: { email: g.email, role: "CONTRACTOR" } }),
    expect: (g) => [
      {
        type: "USER_INVITED",
        actor: { type: "user", id: owner.user.id, email: owner.email },
        target: { type: "user", id: expect.any(String), email: g.email },
        changes: { role: { before: null, after: "CONTRACTOR" }, status: { before: null, after: "INVITED" } },
      },
    ],
    written: "with-change",
  },
  {
    name: "POST /v1/setup/complete",
    arrange: async () => {
      const i = await invited();
      const token = h.tokenOf(i.setupUrl);
      const totp = await h.call("POST", "/v1/setup/totp", { body: { token } });
      return { ...i, token, secret: totp.body.secret };
    },
    act: (g) =>
      h.call("POST", "/v1/setup/complete", { body: { token: g.token, displayName: "Ida", password: GOOD_PASSWORD, totpCode: h.nextCode(g.secret!) } }),
    expect: (g) => [
      {
        type: "USER_SETUP_COMPLETED",
        actor: { type: "user", id: g.id, email: g.email },
        target: { type: "user", id: g.id, email: g.email },
        changes: { status: { before: "INVITED", after: "ACTIVE" }, displayName: { before: null, after: "Ida" } },
      },
    ],
    written: "with-change",
  },
  {
    name: "POST /v1/auth/login (success)",
    arrange: active,
    act: (g) => h.call("POST", "/v1/auth/login", { body: { email: g.email, password: GOOD_PASSWORD, totpCode: h.nextCode(g.secret!) } }),
    expect: (g) => [{ type: "LOGIN_SUCCEEDED", actor: { type: "user", id: g.id, email: g.email }, target: { type: "session", id: expect.stringMatching(/^ses_/) } }],
    written: "with-change",
  },
  {
    // The failure was counted by the throttle slot the attempt took first; its record stands alone.
    name: "POST /v1/auth/login (failure)",
    arrange: active,
    act: (g) => h.call("POST", "/v1/auth/login", { body: { email: g.email, password: "wrong wrong wrong 1", totpCode: "000000" } }),
    expect: (g) => [{ type: "LOGIN_FAILED", actor: sys("sign-in"), target: { type: "user", id: g.id, email: g.email } }],
    written: "alone",
  },
  {
    name: "POST /v1/auth/login (throttled)",
    arrange: async () => {
      const email = fresh();
      for (let i = 0; i < 5; i++) await h.call("POST", "/v1/auth/login", { body: { email, password: "nope nope nope" }, ip: `198.18.9.${i}` });
      return { email };
    },
    act: (g) => h.call("POST", "/v1/auth/login", { body: { email: g.email, password: "nope nope nope" } }),
    status: 429,
    // Refused attempts are counted on the throttle window; the scheduled job records LOGIN_THROTTLED
    // once per window afterwards (see the sign-in throttle's tests), so a flood cannot grow the trail.
    expect: () => [],
    written: "none",
  },
  {
    name: "POST /v1/auth/logout",
    arrange: async () => {
      const a = await active();
      const s = await h.signIn(a.email, a.secret);
      return { ...a, accessToken: s.accessToken };
    },
    act: (g) => h.call("POST", "/v1/auth/logout", { token: g.accessToken }),
    expect: (g) => [{ type: "LOGOUT", actor: { type: "user", id: g.id, email: g.email }, target: { type: "session", id: expect.any(String), email: g.email } }],
    written: "with-change",
  },
  {
    name: "POST /v1/auth/refresh (rotation)",
    arrange: async () => {
      const a = await active();
      return { refreshToken: (await h.signIn(a.email, a.secret)).refreshToken };
    },
    act: (g) => h.call("POST", "/v1/auth/refresh", { body: { refreshToken: g.refreshToken } }),
    expect: () => [],
    written: "none",
  },
  {
    name: "POST /v1/auth/refresh (spent token presented again)",
    arrange: async () => {
      const a = await active();
      const { refreshToken } = await h.signIn(a.email, a.secret);
      await h.call("POST", "/v1/auth/refresh", { body: { refreshToken } });
      return { ...a, refreshToken };
    },
    act: (g) => h.call("POST", "/v1/auth/refresh", { body: { refreshToken: g.refreshToken } }),
    expect: (g) => [
      { type: "SESSION_REVOKED", actor: sys("sign-in"), target: { type: "session", id: expect.any(String), email: g.email }, changes: { reason: { before: null, after: "refresh_token_reuse" } } },
    ],
    written: "with-change",
  },

  // Team administration (SUPER_ADMIN): the actor is the admin, the target the user, `changes` what moved.
  {
    name: "PUT /v1/users/{id}/role",
    arrange: active,
    act: (g) => asOwner("PUT", `/v1/users/${g.id}/role`, { role: "CONTRACTOR" }),
    status: 200,
    expect: (g) => [{ type: "USER_ROLE_CHANGED", actor: chief(), target: person(g), changes: { role: { before: "OPERATOR", after: "CONTRACTOR" } } }],
    written: "with-change",
  },
  {
    name: "PUT /v1/users/{id}/role (an invitation)",
    arrange: invited,
    act: (g) => asOwner("PUT", `/v1/users/${g.id}/role`, { role: "CONTRACTOR" }),
    status: 200,
    expect: (g) => [{ type: "USER_ROLE_CHANGED", actor: chief(), target: person(g), changes: { role: { before: "OPERATOR", after: "CONTRACTOR" } } }],
    written: "with-change",
  },
  {
    name: "PUT /v1/users/{id}/role (the role it already has: no change, no event)",
    arrange: active,
    act: (g) => asOwner("PUT", `/v1/users/${g.id}/role`, { role: "OPERATOR" }),
    status: 200,
    expect: () => [],
    written: "none",
    readOnly: true,
  },
  {
    name: "PUT /v1/users/{id}/role (refused by a guard: 409 user.self_action)",
    act: () => asOwner("PUT", `/v1/users/${owner.user.id}/role`, { role: "OPERATOR" }),
    status: 409,
    expect: () => [],
    written: "none",
    readOnly: true,
  },
  {
    name: "POST /v1/users/{id}/deactivate",
    arrange: active,
    act: (g) => asOwner("POST", `/v1/users/${g.id}/deactivate`),
    status: 200,
    expect: (g) => [{ type: "USER_DEACTIVATED", actor: chief(), target: person(g), changes: { status: { before: "ACTIVE", after: "DEACTIVATED" } } }],
    written: "with-change",
  },
  {
    name: "POST /v1/users/{id}/reactivate",
    arrange: async () => {
      const a = await active();
      await asOwner("POST", `/v1/users/${a.id}/deactivate`);
      return a;
    },
    act: (g) => asOwner("POST", `/v1/users/${g.id}/reactivate`),
    status: 200,
    expect: (g) => [{ type: "USER_REACTIVATED", actor: chief(), target: person(g), changes: { status: { before: "DEACTIVATED", after: "ACTIVE" } } }],
    written: "with-change",
  },
  {
    name: "POST /v1/users/{id}/mfa-reset",
    arrange: active,
    act: (g) => asOwner("POST", `/v1/users/${g.id}/mfa-reset`),
    status: 200,
    expect: (g) => [{ type: "MFA_RESET", actor: chief(), target: person(g) }],
    written: "with-change",
  },
  {
    name: "DELETE /v1/users/{id} (the event keeps the email the user had)",
    arrange: active,
    act: (g) => asOwner("DELETE", `/v1/users/${g.id}`),
    status: 204,
    expect: (g) => [{ type: "USER_REMOVED", actor: chief(), target: person(g) }],
    written: "with-change",
  },
  {
    name: "DELETE /v1/users/{id} (an invitation)",
    arrange: invited,
    act: (g) => asOwner("DELETE", `/v1/users/${g.id}`),
    status: 204,
    expect: (g) => [{ type: "USER_REMOVED", actor: chief(), target: person(g) }],
    written: "with-change",
  },
  {
    name: "POST /v1/users/{id}/ownership (the actor is the previous owner)",
    arrange: async () => {
      const email = fresh();
      const res = await asOwner("POST", "/v1/users", { email, role: "SUPER_ADMIN" });
      const { secret } = await h.completeSetup(res.body.setupUrl);
      return { email, id: res.body.user.id, accessToken: (await h.signIn(email, secret)).accessToken };
    },
    act: (g) => asOwner("POST", `/v1/users/${g.id}/ownership`),
    status: 200,
    expect: (g) => [{ type: "OWNERSHIP_TRANSFERRED", actor: chief(), target: person(g), changes: { isOwner: { before: false, after: true } } }],
    written: "with-change",
    cleanup: async (g) => {
      // The heir hands it back: every other scenario acts as the owner.
      const back = await h.call("POST", `/v1/users/${owner.user.id}/ownership`, { token: g.accessToken });
      expect(back.status, JSON.stringify(back.body)).toBe(200);
      expect((await asOwner("GET", "/v1/me")).body.isOwner).toBe(true);
    },
  },
  {
    name: "POST /v1/users/{id}/setup-token",
    arrange: invited,
    act: (g) => asOwner("POST", `/v1/users/${g.id}/setup-token`),
    status: 200,
    expect: (g) => [{ type: "SETUP_LINK_REGENERATED", actor: chief(), target: person(g) }],
    written: "with-change",
  },

  // Me: the actor is the signed-in user.
  {
    name: "POST /v1/me/password",
    arrange: signedIn,
    act: (g) => h.call("POST", "/v1/me/password", { token: g.accessToken, body: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD } }),
    status: 204,
    expect: (g) => [{ type: "PASSWORD_CHANGED", actor: person(g), target: person(g) }],
    written: "with-change",
  },
  {
    name: "POST /v1/me/password (wrong current password: a failure, counted on the account's throttle)",
    arrange: signedIn,
    act: (g) => h.call("POST", "/v1/me/password", { token: g.accessToken, body: { currentPassword: "not my password at all 7", newPassword: NEW_PASSWORD } }),
    status: 403,
    // The user is known here, so the failure names them as its actor (a refused sign-in names `system:sign-in`).
    expect: (g) => [{ type: "LOGIN_FAILED", actor: person(g), target: person(g) }],
    written: "alone",
  },
  {
    name: "POST /v1/me/password (throttled after 5 wrong current passwords)",
    arrange: async () => {
      const s = await signedIn();
      const wrong = { currentPassword: "not my password at all 7", newPassword: NEW_PASSWORD };
      for (let i = 0; i < 5; i++) await h.call("POST", "/v1/me/password", { token: s.accessToken, body: wrong });
      return s;
    },
    act: (g) => h.call("POST", "/v1/me/password", { token: g.accessToken, body: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD } }),
    status: 429,
    expect: () => [],
    written: "none",
  },
  {
    name: "POST /v1/me/password (too weak: refused before any check)",
    arrange: signedIn,
    act: (g) => h.call("POST", "/v1/me/password", { token: g.accessToken, body: { currentPassword: GOOD_PASSWORD, newPassword: "short" } }),
    status: 400,
    expect: () => [],
    written: "none",
    readOnly: true,
  },
  {
    name: "POST /v1/me/tokens",
    arrange: signedIn,
    act: (g) => h.call("POST", "/v1/me/tokens", { token: g.accessToken, body: { name: "ci", expiresInDays: 30 } }),
    status: 201,
    expect: (g) => [{ type: "PAT_CREATED", actor: person(g), target: { type: "token", id: expect.stringMatching(/^pat_/) } }],
    written: "with-change",
  },
  {
    name: "DELETE /v1/me/tokens/{id}",
    arrange: withToken,
    act: (g) => h.call("DELETE", `/v1/me/tokens/${g.tokenId}`, { token: g.accessToken }),
    status: 204,
    expect: (g) => [{ type: "PAT_REVOKED", actor: person(g), target: { type: "token", id: g.tokenId } }],
    written: "with-change",
  },
  {
    name: "DELETE /v1/me/tokens/{id} (not one of the caller's: 404, nothing recorded)",
    arrange: signedIn,
    act: (g) => h.call("DELETE", "/v1/me/tokens/pat_00000000000000000000000000", { token: g.accessToken }),
    status: 404,
    expect: () => [],
    written: "none",
    readOnly: true,
  },
  {
    name: "POST /v1/auth/logout with a personal access token (ends nothing)",
    arrange: withToken,
    act: (g) => h.call("POST", "/v1/auth/logout", { token: g.pat }),
    status: 204,
    expect: () => [],
    written: "none",
  },

  // Re-enrolling after an MFA reset.
  {
    // The right password earns an enrollment token (a lone put of its hash) and nothing is recorded:
    // it is neither a failure nor a sign-in, and the confirmation records both MFA_ENROLLED and the sign-in.
    name: "POST /v1/auth/login (403 auth.mfa_enrollment_required)",
    arrange: reset,
    act: (g) => h.call("POST", "/v1/auth/login", { body: { email: g.email, password: GOOD_PASSWORD } }),
    status: 403,
    expect: () => [],
    written: "none",
  },
  {
    name: "POST /v1/auth/login (wrong password after an MFA reset: the usual failure)",
    arrange: reset,
    act: (g) => h.call("POST", "/v1/auth/login", { body: { email: g.email, password: "wrong wrong wrong 1" } }),
    status: 401,
    expect: (g) => [{ type: "LOGIN_FAILED", actor: sys("sign-in"), target: person(g) }],
    written: "alone",
  },
  {
    name: "POST /v1/auth/mfa/enroll (a pending secret: nothing recorded until confirmed)",
    arrange: async () => {
      const a = await reset();
      const login = await h.call("POST", "/v1/auth/login", { body: { email: a.email, password: GOOD_PASSWORD } });
      return { ...a, enrollmentToken: login.body.enrollmentToken };
    },
    act: (g) => h.call("POST", "/v1/auth/mfa/enroll", { body: { enrollmentToken: g.enrollmentToken } }),
    status: 200,
    expect: () => [],
    written: "none",
  },
  {
    name: "POST /v1/auth/mfa/confirm",
    arrange: enrolling,
    act: (g) => h.call("POST", "/v1/auth/mfa/confirm", { body: { enrollmentToken: g.enrollmentToken, totpCode: h.nextCode(g.newSecret!) } }),
    status: 200,
    expect: (g) => [
      { type: "MFA_ENROLLED", actor: person(g), target: person(g) },
      { type: "LOGIN_SUCCEEDED", actor: person(g), target: { type: "session", id: expect.stringMatching(/^ses_/) } },
    ],
    written: "with-change",
  },

  // Tenants and memberships: each event names its tenant.
  {
    name: "POST /v1/tenants",
    arrange: async () => ({ slug: tenantSlug() }),
    act: (g) => asOwner("POST", "/v1/tenants", { slug: g.slug, name: "Audited" }),
    status: 201,
    expect: (g) => [{ type: "TENANT_CREATED", actor: chief(), target: { type: "tenant", id: g.slug }, tenant: g.slug }],
    written: "with-change",
  },
  {
    name: "PUT /v1/tenants/{slug}/memberships/{userId} (new)",
    arrange: async () => ({ ...(await invited()), slug: await tenant() }),
    act: (g) => asOwner("PUT", `/v1/tenants/${g.slug}/memberships/${g.id}`, { role: "OPERATOR_READONLY" }),
    status: 201,
    expect: (g) => [
      { type: "MEMBERSHIP_GRANTED", actor: chief(), target: membership(g), tenant: g.slug, changes: { role: { before: null, after: "OPERATOR_READONLY" } } },
    ],
    written: "with-change",
  },
  {
    name: "PUT /v1/tenants/{slug}/memberships/{userId} (changed)",
    arrange: granted,
    act: (g) => asOwner("PUT", `/v1/tenants/${g.slug}/memberships/${g.id}`, { role: "OPERATOR_FULL" }),
    status: 200,
    expect: (g) => [
      { type: "MEMBERSHIP_UPDATED", actor: chief(), target: membership(g), tenant: g.slug, changes: { role: { before: "OPERATOR_READONLY", after: "OPERATOR_FULL" } } },
    ],
    written: "with-change",
  },
  {
    name: "PUT /v1/tenants/{slug}/memberships/{userId} (unchanged: nothing written)",
    arrange: granted,
    act: (g) => asOwner("PUT", `/v1/tenants/${g.slug}/memberships/${g.id}`, { role: "OPERATOR_READONLY" }),
    status: 200,
    expect: () => [],
    written: "none",
    readOnly: true,
  },
  {
    name: "DELETE /v1/tenants/{slug}/memberships/{userId}",
    arrange: granted,
    act: (g) => asOwner("DELETE", `/v1/tenants/${g.slug}/memberships/${g.id}`),
    status: 204,
    expect: (g) => [{ type: "MEMBERSHIP_REVOKED", actor: chief(), target: membership(g), tenant: g.slug, changes: { role: { before: "OPERATOR_READONLY", after: null } } }],
    written: "with-change",
  },
  {
    name: "POST /v1/tenants/{slug}/invitations (a new client user)",
    arrange: async () => ({ email: fresh(), slug: await tenant() }),
    act: (g) => asOwner("POST", `/v1/tenants/${g.slug}/invitations`, { email: g.email, role: "CLIENT_ADMIN" }),
    status: 201,
    expect: (g) => [
      {
        type: "USER_INVITED",
        actor: chief(),
        target: { type: "user", id: expect.stringMatching(/^usr_/), email: g.email },
        tenant: g.slug,
        changes: { role: { before: null, after: "CLIENT_USER" }, status: { before: null, after: "INVITED" } },
      },
      {
        type: "MEMBERSHIP_GRANTED",
        actor: chief(),
        target: { type: "membership", id: expect.stringMatching(new RegExp(`^${g.slug}/usr_`)), email: g.email },
        tenant: g.slug,
        changes: { role: { before: null, after: "CLIENT_ADMIN" } },
      },
    ],
    written: "with-change",
  },
  {
    name: "POST /v1/tenants/{slug}/invitations (an INVITED client user: the membership only, their link keeps working)",
    arrange: async () => {
      const email = fresh();
      const first = await asOwner("POST", `/v1/tenants/${await tenant()}/invitations`, { email, role: "CLIENT_VIEWER" });
      return { email, id: first.body.user.id as string, slug: await tenant() };
    },
    act: (g) => asOwner("POST", `/v1/tenants/${g.slug}/invitations`, { email: g.email, role: "CLIENT_VIEWER" }),
    status: 201,
    expect: (g) => [
      { type: "MEMBERSHIP_GRANTED", actor: chief(), target: membership(g), tenant: g.slug, changes: { role: { before: null, after: "CLIENT_VIEWER" } } },
    ],
    written: "with-change",
  },
  {
    name: "POST /v1/tenants/{slug}/invitations (already a member: 409, nothing recorded)",
    arrange: async () => {
      const email = fresh();
      const slug = await tenant();
      await asOwner("POST", `/v1/tenants/${slug}/invitations`, { email, role: "CLIENT_VIEWER" });
      return { email, slug };
    },
    act: (g) => asOwner("POST", `/v1/tenants/${g.slug}/invitations`, { email: g.email, role: "CLIENT_ADMIN" }),
    status: 409,
    expect: () => [],
    written: "none",
    readOnly: true,
  },

  {
    name: "POST /v1/api-clients",
    arrange: async () => ({ jwk: JSON.stringify((await clientKey()).publicJwk) }),
    act: (g) => asOwner("POST", "/v1/api-clients", { name: "feed", type: "USER", publicKey: JSON.parse(g.jwk!), scopes: ["audit:read"] }),
    status: 201,
    expect: () => [
      {
        type: "API_CLIENT_CREATED",
        actor: chief(),
        target: { type: "api_client", id: expect.stringMatching(/^cli_/) },
        changes: { keyId: { before: null, after: expect.any(String) }, jwksUri: { before: null, after: null } },
      },
    ],
    written: "with-change",
  },
  {
    name: "POST /v1/api-clients/{id}/keys",
    arrange: async () => ({ ...(await apiClient()), jwk: JSON.stringify((await clientKey()).publicJwk) }),
    act: (g) => asOwner("POST", `/v1/api-clients/${g.clientId}/keys`, { publicKey: JSON.parse(g.jwk!), previousKeyValidSeconds: 300 }),
    status: 200,
    expect: (g) => [{ type: "API_CLIENT_KEY_ROTATED", actor: chief(), target: apiClientTarget(g) }],
    written: "with-change",
  },
  {
    name: "POST /v1/api-clients/{id}/disable",
    arrange: apiClient,
    act: (g) => asOwner("POST", `/v1/api-clients/${g.clientId}/disable`),
    status: 200,
    expect: (g) => [{ type: "API_CLIENT_DISABLED", actor: chief(), target: apiClientTarget(g) }],
    written: "with-change",
  },
  {
    name: "POST /v1/api-clients/{id}/enable",
    arrange: async () => {
      const client = await apiClient();
      await asOwner("POST", `/v1/api-clients/${client.clientId}/disable`);
      return client;
    },
    act: (g) => asOwner("POST", `/v1/api-clients/${g.clientId}/enable`),
    status: 200,
    expect: (g) => [{ type: "API_CLIENT_ENABLED", actor: chief(), target: apiClientTarget(g) }],
    written: "with-change",
  },
  {
    name: "POST /v1/api-clients/{id}/enable (already ACTIVE: 409, nothing recorded)",
    arrange: apiClient,
    act: (g) => asOwner("POST", `/v1/api-clients/${g.clientId}/enable`),
    status: 409,
    expect: () => [],
    written: "none",
    readOnly: true,
  },
  {
    name: "POST /oauth/token (claims the assertion's jti; no event: the client's actions are the record)",
    arrange: apiClient,
    act: (g) =>
      h.call("POST", "/oauth/token", {
        raw: new URLSearchParams({ grant_type: "client_credentials", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: g.spareAssertion! }).toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
    status: 200,
    expect: () => [],
    written: "none",
  },
  {
    name: "POST /v1/users by a DELEGATED API client (the actor is the client)",
    arrange: async () => ({ ...(await apiClient()), email: fresh() }),
    act: (g) => h.call("POST", "/v1/users", { token: g.clientToken, body: { email: g.email, role: "OPERATOR" } }),
    status: 201,
    expect: (g) => [
      {
        type: "USER_INVITED",
        actor: { type: "api_client", id: g.clientId, name: "feed" },
        target: { type: "user", id: expect.any(String), email: g.email },
        changes: { role: { before: null, after: "OPERATOR" }, status: { before: null, after: "INVITED" } },
      },
    ],
    written: "with-change",
  },

  // Reads change nothing and record nothing.
  ...["/v1/users?status=ACTIVE&role=OPERATOR&q=audited", "/v1/users/{id}", "/v1/me", "/v1/me/tokens", "/v1/audit-events?type=USER_INVITED", "/v1/api-clients"].map(
    (path): Scenario => ({
      name: `GET ${path}`,
      arrange: async () => ({ id: owner.user.id }),
      act: (g) => asOwner("GET", path.replace("{id}", g.id!)),
      status: 200,
      expect: () => [],
      written: "none",
      readOnly: true,
    }),
  ),
];

const isAuditPut = (write: { Put?: { Item?: { entity?: string } } }) => write.Put?.Item?.entity === "AuditEvent";

describe("every state change records exactly its events, in the same transaction", () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      const given = (await scenario.arrange?.()) ?? {};
      try {
        await check(scenario, given);
      } finally {
        await scenario.cleanup?.(given);
      }
    });
  }

  async function check(scenario: Scenario, given: Record<string, string>) {
    const seen = new Set((await h.auditEvents()).map((e) => e.id));
    let result: unknown;
    const sent = await h.recordCommands(async () => {
      result = await scenario.act(given);
    });
    // What was written: a refused transaction (a guard's condition) was sent, but wrote nothing, its audit put included.
    const commands = sent.filter((c) => !c.failed);
    if (scenario.status !== undefined) {
      const res = result as { status: number; body: unknown };
      expect(res.status, JSON.stringify(res.body)).toBe(scenario.status);
    }
    // Events of one transaction share their instant: no order among them is promised, so compare by type.
    const byType = (a: { type: string }, b: { type: string }) => a.type.localeCompare(b.type);
    const events = (await h.auditEvents()).filter((e) => !seen.has(e.id)).map(Audit.toAuditEvent).sort(byType);

    const expected = scenario.expect(given).sort(byType);
    expect(events.map((e) => e.type)).toEqual(expected.map((e) => e.type));
    expected.forEach((want, i) => {
      expect(events[i]).toMatchObject({ actor: want.actor, target: want.target, changes: want.changes ?? null, tenant: want.tenant ?? null });
      expect(events[i]!.context).toEqual({ requestId: expect.any(String), clientRequestId: null, ip: expect.any(String), userAgent: null });
    });

    // A sign-in or a password check takes a throttle slot before anything is checked: that is the
    // attempt being counted, not a change the audit event goes with.
    const isThrottleClaim = (c: (typeof commands)[number]) =>
      c.command === "TransactWriteItemsCommand" &&
      (c.input.TransactItems as { Update?: { Key: { pk: string } } }[]).every((w) => w.Update?.Key.pk.startsWith("THROTTLE#"));
    const transactions = commands.filter((c) => c.command === "TransactWriteItemsCommand" && !isThrottleClaim(c));
    const auditInTransactions = transactions.flatMap((t) => (t.input.TransactItems as object[]).filter(isAuditPut).map(() => t));
    const lonePuts = commands.filter((c) => c.command === "PutItemCommand" && (c.input.Item as { entity?: string })?.entity === "AuditEvent");
    if (scenario.written === "with-change") {
      expect(auditInTransactions).toHaveLength(expected.length);
      // The change itself is in the same transaction: something other than audit puts.
      for (const t of auditInTransactions) expect((t.input.TransactItems as object[]).some((w) => !isAuditPut(w))).toBe(true);
      expect(lonePuts).toHaveLength(0);
    } else if (scenario.written === "alone") {
      expect(lonePuts).toHaveLength(expected.length);
      expect(auditInTransactions).toHaveLength(0);
      // Alone means alone: no other write happened in that request.
      expect(commands.filter((c) => /Transact|Update|Delete|Put/.test(c.command) && !isThrottleClaim(c))).toHaveLength(expected.length);
    } else {
      expect(auditInTransactions.length + lonePuts.length).toBe(0);
    }
    if (scenario.readOnly) expect(commands.filter((c) => /Transact|Update|Delete|Put/.test(c.command)).map((c) => c.command)).toEqual([]);
  }

  it("bootstrap and link renewal are recorded with the system as actor", async () => {
    const other = await createHarness();
    const created = await Workspace.ensureOwner(other.deps, "first@example.com");
    other.clock.advance(1000);
    await Workspace.ensureOwner(other.deps, "first@example.com");
    if (created.state === "active") throw new Error("unexpected");
    const events = (await other.auditEvents()).map(Audit.toAuditEvent);
    expect(events.map((e) => e.type)).toEqual(["USER_INVITED", "SETUP_LINK_REGENERATED"]);
    for (const event of events) expect(event.actor).toEqual(sys("bootstrap"));
  });
});

describe("GET /v1/audit-events", () => {
  let q: Harness;
  let token: string;
  const t0 = Date.parse("2026-01-01T00:00:00.000Z");
  const context = { requestId: "seed", clientRequestId: null, ip: null, userAgent: null };

  beforeAll(async () => {
    q = await createHarness();
    const boss = await q.owner("auditor@example.com");
    token = boss.accessToken;
    // 30 sign-in failures of two people and 12 tenant events, one per minute from t0, written directly.
    for (let i = 0; i < 42; i++) {
      q.clock.set(new Date(t0 + i * 60_000));
      const who = i % 2 ? "alice" : "bob";
      if (i < 30) {
        await Audit.recordAlone(q.deps, {
          type: "LOGIN_FAILED",
          actor: { type: "anonymous" },
          observedBy: "sign-in",
          target: { type: "email", id: `${who}@example.com`, email: `${who}@example.com` },
          context,
        });
      } else {
        await Audit.recordAlone(q.deps, {
          type: "TENANT_CREATED",
          actor: Actor.system("seed"),
          target: { type: "tenant", id: `t${i}` },
          tenant: i % 2 ? "acme" : "globex",
          context,
        });
      }
    }
    q.clock.set(new Date());
  });

  const get = (query: string) => q.call("GET", `/v1/audit-events${query}`, { token });

  async function all(query: string, limit: number) {
    const items: { id: string; occurredAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = query ? "&" : "?";
      const res = await get(`${query}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      // Authentication, then every shard of the trail at once.
      expect(res.calls).toBeLessThanOrEqual(1 + AUDIT_SHARDS);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    return items;
  }

  it("pages through every event newest first, without gaps or repeats", async () => {
    const items = await all("?type=LOGIN_FAILED", 7);
    expect(items).toHaveLength(30);
    expect(new Set(items.map((e) => e.id)).size).toBe(30);
    const times = items.map((e) => e.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it("spreads the trail over its shards, each event's index entries beside it, and lists them all as one", async () => {
    const stored = await q.auditEvents();
    const shardOf = (pk: string) => pk.split("#")[1];
    expect(new Set(stored.map((item) => item.pk))).toEqual(new Set(Array.from({ length: AUDIT_SHARDS }, (_, shard) => `AUDIT#${shard}`)));
    for (const item of stored) {
      for (const index of ["gsi1pk", "gsi2pk", "gsi3pk"]) expect(shardOf(item[index]), `${item.id} ${index}`).toBe(shardOf(item.pk));
    }
    // The whole trail a few at a time: every event once, newest first across every shard.
    const listed = await all("", 4);
    const sortKey = (e: { id: string; occurredAt: string }) => `${e.occurredAt}#${e.id}`;
    expect(listed.map(sortKey)).toEqual(stored.map((item) => item.sk).reverse());
  });

  it("filters by target, actor, tenant and type, alone and combined", async () => {
    expect(await all("?targetId=alice@example.com", 4)).toHaveLength(15);
    expect((await all("?actorId=system:seed", 5)).every((e) => (e as unknown as { type: string }).type === "TENANT_CREATED")).toBe(true);
    const acme = await all("?tenant=acme", 4);
    expect(acme).toHaveLength(6);
    expect(acme.every((e) => (e as unknown as { tenant: string }).tenant === "acme")).toBe(true);
    expect(await all("?tenant=acme&type=TENANT_CREATED", 3)).toHaveLength(6);
    expect(await all("?targetId=bob@example.com&type=TENANT_CREATED", 10)).toHaveLength(0);
    expect(await all("?actorId=system:sign-in&targetId=bob@example.com", 6)).toHaveLength(15);
  });

  it("reads only matching events for a single filter (one page holds them all)", async () => {
    const res = await get("?tenant=globex&limit=100");
    expect(res.body.items).toHaveLength(6);
    expect(res.body.nextCursor).toBeNull();
  });

  it("restricts to a time range: since inclusive, until exclusive", async () => {
    const since = new Date(t0 + 10 * 60_000).toISOString();
    const until = new Date(t0 + 20 * 60_000).toISOString();
    const items = await all(`?type=LOGIN_FAILED&since=${since}&until=${until}`, 4);
    expect(items).toHaveLength(10);
    expect(items.at(-1)!.occurredAt).toBe(since);
    expect(items.every((e) => e.occurredAt < until)).toBe(true);
    // Alice failed at odd minutes: 25, 27 and 29 are at or after 00:25 (given with an offset).
    expect(await all(`?targetId=alice@example.com&since=2026-01-01T00:25:00%2B00:00`, 10)).toHaveLength(3);
  });

  it("refuses bad parameters precisely", async () => {
    for (const [query, path] of [
      ["?limit=0", "limit"],
      ["?limit=101", "limit"],
      ["?since=yesterday", "since"],
      ["?type=NOT_A_TYPE", "type"],
      ["?cursor=bm9wZQ", "cursor"],
      // A range that ends before it starts: once a 500 from DynamoDB, now the caller's mistake, said precisely.
      ["?since=2027-01-01T00:00:00Z&until=2026-01-01T00:00:00Z", "until"],
    ]) {
      const res = await get(query!);
      expect(res.status, query).toBe(400);
      expect(res.body.code).toBe("request.invalid");
      expect(res.body.errors[0].path).toBe(path);
    }
  });

  it("is for SUPER_ADMINs", async () => {
    expect((await q.call("GET", "/v1/audit-events")).status).toBe(401);
    const op = await q.member(token, "op@example.com", "OPERATOR");
    const res = await q.call("GET", "/v1/audit-events", { token: op.accessToken });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("auth.forbidden");
  });
});

describe("the audit trail is append-only", () => {
  it("has no route that changes or deletes an event", async () => {
    for (const method of ["PUT", "PATCH", "DELETE", "POST"]) {
      const res = await h.call(method, "/v1/audit-events/evt_anything", { token: owner.accessToken, body: method === "DELETE" ? undefined : {} });
      expect(res.status, method).toBe(404);
      expect(res.body.code).toBe("route.not_found");
    }
    const doc = (await h.call("GET", "/openapi.json")).body;
    const auditPaths = Object.entries(doc.paths as Record<string, object>).filter(([path]) => path.startsWith("/v1/audit-events"));
    expect(auditPaths.map(([path, ops]) => [path, Object.keys(ops)])).toEqual([["/v1/audit-events", ["get"]]]);
  });

  it("no source writes to an audit key except the append in store/audit.ts", () => {
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !name.endsWith(".test.ts")) sources.push(path);
      }
    };
    for (const root of ["packages/core/src", "packages/http/src", "packages/local/src", "functions"]) walk(root);
    const naming = sources.filter((path) => /Keys\.audit\(/.test(readFileSync(path, "utf8")));
    // The store makes the item; the list resumes from a cursor's key (Keys.auditAt) and writes nothing.
    expect(naming).toEqual([join("packages/core/src/store/audit.ts")]);
    expect(readFileSync("packages/core/src/audit/list.ts", "utf8")).not.toMatch(/Write\.|putItem|updateItem|deleteItem|transact\(/);
    const store = readFileSync("packages/core/src/store/audit.ts", "utf8");
    expect(store).not.toMatch(/Write\.update|Write\.delete|updateItem|deleteItem/);
    // Both puts (in a transaction, and alone) refuse to overwrite an event.
    expect(store.match(/absent\(\)/g)?.length).toBe(2);
  });
});
