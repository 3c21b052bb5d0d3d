import { ApiClient } from "@roster/core";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { randomUUID } from "node:crypto";
import * as oauth from "openid-client";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_CONTEXT } from "../fixtures/people";
import { createHarness, PUBLIC_URL, type Harness } from "../harness";

/**
 * Introspection (RFC 7662) and revocation (RFC 7009) as panva's openid-client drives them, from
 * the discovered metadata, with its defaults: the live answer, and tokens that end.
 */
let h: Harness;
let ownerToken: string;
let owner: Awaited<ReturnType<Harness["owner"]>>;
let introspector: oauth.Configuration;
let counter = 0;

const skew = () => Math.round((h.clock.now().getTime() - Date.now()) / 1000);

function libraryOptions(): oauth.DiscoveryRequestOptions {
  return {
    algorithm: "oauth2",
    execute: [oauth.allowInsecureRequests],
    [oauth.customFetch]: async (url, init) => h.app.request(url, { method: init.method, headers: init.headers, body: init.body }),
  };
}

async function registered(scopes: string[], type: "DELEGATED" | "USER" = "DELEGATED", creatorToken = ownerToken) {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const client = await ApiClient.create(
    h.deps,
    await h.principalOf(creatorToken),
    { name: `introspection ${++counter}`, type, publicKey: await exportJWK(publicKey), scopes: ApiClient.ScopeSchema.array().parse(scopes) },
    FIXTURE_CONTEXT,
  );
  const config = await oauth.discovery(new URL(PUBLIC_URL), client.id, { [oauth.clockSkew]: skew() }, oauth.PrivateKeyJwt(privateKey), libraryOptions());
  return { client, config, privateKey };
}

beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner("owner@introspection.example");
  ownerToken = owner.accessToken;
  await h.createTenant(ownerToken, "acme");
  introspector = (await registered(["tokens:introspect"])).config;
});

const inMinutes = (minutes: number) => new Date(h.clock.now().getTime() + minutes * 60_000).toISOString();
const person = (role = "OPERATOR") => h.member(ownerToken, `introspected${++counter}@example.com`, role);
const form = (fields: Record<string, string>) => ({ raw: new URLSearchParams(fields).toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } });

/** A hand-made assertion for the endpoint, as a client without a library would sign it. */
async function assertion(clientId: string, privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"], audience = PUBLIC_URL) {
  const now = Math.floor(h.clock.now().getTime() / 1000);
  return new SignJWT({}).setProtectedHeader({ alg: "ES256" }).setIssuer(clientId).setSubject(clientId).setAudience(audience).setIssuedAt(now).setExpirationTime(now + 60).setJti(randomUUID()).sign(privateKey);
}

describe("metadata", () => {
  it("names the introspection and revocation endpoints and how clients authenticate there", async () => {
    const { body } = await h.call("GET", "/.well-known/oauth-authorization-server");
    expect(body).toMatchObject({
      introspection_endpoint: `${PUBLIC_URL}/oauth/introspect`,
      revocation_endpoint: `${PUBLIC_URL}/oauth/revoke`,
      introspection_endpoint_auth_methods_supported: ["private_key_jwt"],
      revocation_endpoint_auth_methods_supported: ["private_key_jwt"],
      introspection_endpoint_auth_signing_alg_values_supported: body.token_endpoint_auth_signing_alg_values_supported,
      revocation_endpoint_auth_signing_alg_values_supported: body.token_endpoint_auth_signing_alg_values_supported,
    });
    expect(body.scopes_supported).toContain("tokens:introspect");
  });
});

describe("POST /oauth/introspect with openid-client's tokenIntrospection", () => {
  it("a person's access token: active, who and what they reach now, until the first membership ends; inactive once logged out", async () => {
    const p = await person("CONTRACTOR");
    const ends = inMinutes(10);
    await h.grant(ownerToken, "acme", p.id, "OPERATOR_READONLY", ends);
    const signedIn = await h.signIn(p.email, p.secret);
    const answer = await oauth.tokenIntrospection(introspector, signedIn.accessToken);
    expect(answer).toMatchObject({ active: true, iss: PUBLIC_URL, sub: p.id, client_id: "roster", token_type: "Bearer", role: "CONTRACTOR", tenants: { acme: "OPERATOR_READONLY" } });
    expect(answer.exp).toBe(Math.floor(Date.parse(ends) / 1000));
    expect(answer.iat).toEqual(expect.any(Number));
    expect(answer.jti).toEqual(expect.any(String));
    expect(answer).not.toHaveProperty("scope");

    // The state now, not the token's: a revoked membership is gone at once.
    expect((await h.call("DELETE", `/v1/tenants/acme/memberships/${p.id}`, { token: ownerToken })).status).toBe(204);
    expect(await oauth.tokenIntrospection(introspector, signedIn.accessToken)).toMatchObject({ active: true, tenants: {} });

    expect((await h.call("POST", "/v1/auth/logout", { token: signedIn.accessToken })).status).toBe(204);
    expect(await oauth.tokenIntrospection(introspector, signedIn.accessToken)).toEqual({ active: false });
  });

  it("inactive, and nothing else, for a deactivated person and a garbage string", async () => {
    const p = await person();
    expect((await oauth.tokenIntrospection(introspector, p.accessToken)).active).toBe(true);
    expect((await h.call("POST", `/v1/users/${p.id}/deactivate`, { token: ownerToken })).status).toBe(200);
    expect(await oauth.tokenIntrospection(introspector, p.accessToken)).toEqual({ active: false });
    expect(await oauth.tokenIntrospection(introspector, "not-a-token")).toEqual({ active: false });
  });

  it("a personal access token: active with the person's reach, no jti; inactive once revoked", async () => {
    const p = await person();
    const created = await h.call("POST", "/v1/me/tokens", { token: p.accessToken, body: { name: "ci", expiresInDays: 30 } });
    expect(created.status).toBe(201);
    const answer = await oauth.tokenIntrospection(introspector, created.body.token);
    expect(answer).toMatchObject({ active: true, sub: p.id, client_id: "roster", role: "OPERATOR", tenants: {} });
    expect(answer.exp).toBe(Math.floor(Date.parse(created.body.expiresAt) / 1000));
    expect(answer).not.toHaveProperty("jti");
    expect((await h.call("DELETE", `/v1/me/tokens/${created.body.id}`, { token: p.accessToken })).status).toBe(204);
    expect(await oauth.tokenIntrospection(introspector, created.body.token)).toEqual({ active: false });
  });

  it("a client's access token: active with its scope; inactive once the client is disabled", async () => {
    const { client, config } = await registered(["users:read", "audit:read"]);
    const { access_token } = await oauth.clientCredentialsGrant(config, { scope: "users:read" });
    expect(await oauth.tokenIntrospection(introspector, access_token)).toMatchObject({ active: true, sub: client.id, client_id: client.id, scope: "users:read", role: "SUPER_ADMIN", tenants: {} });
    expect((await h.call("POST", `/v1/api-clients/${client.id}/disable`, { token: ownerToken })).status).toBe(200);
    expect(await oauth.tokenIntrospection(introspector, access_token)).toEqual({ active: false });
  });

  it("answers in three round trips, never cached", async () => {
    const p = await person();
    const { client, privateKey } = await registered(["tokens:introspect"]);
    const res = await h.call("POST", "/oauth/introspect", form({ token: p.accessToken, client_assertion_type: ApiClient.JWT_BEARER, client_assertion: await assertion(client.id, privateKey) }));
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(true);
    expect(res.calls).toBeLessThanOrEqual(3);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });

  it("is for clients with tokens:introspect only, authenticated, and asks for the token", async () => {
    const p = await person();
    const { config: unscoped } = await registered(["users:read"]);
    await expect(oauth.tokenIntrospection(unscoped, p.accessToken)).rejects.toMatchObject({ error: "insufficient_scope", status: 403 });

    const { client, privateKey } = await registered(["tokens:introspect"]);
    const none = await h.call("POST", "/oauth/introspect", form({ token: p.accessToken }));
    expect(none.status).toBe(400);
    expect(none.body.error).toBe("invalid_request");
    const replayed = await assertion(client.id, privateKey, `${PUBLIC_URL}/oauth/introspect`);
    const first = await h.call("POST", "/oauth/introspect", form({ token: p.accessToken, client_assertion_type: ApiClient.JWT_BEARER, client_assertion: replayed }));
    expect(first.body.active).toBe(true);
    const again = await h.call("POST", "/oauth/introspect", form({ token: p.accessToken, client_assertion_type: ApiClient.JWT_BEARER, client_assertion: replayed }));
    expect(again.status).toBe(401);
    expect(again.body.error).toBe("invalid_client");
    // An assertion for the token endpoint's own URL is not one for introspection.
    const elsewhere = await assertion(client.id, privateKey, `${PUBLIC_URL}/oauth/token`);
    expect((await h.call("POST", "/oauth/introspect", form({ token: p.accessToken, client_assertion_type: ApiClient.JWT_BEARER, client_assertion: elsewhere }))).status).toBe(401);
    const missing = await h.call("POST", "/oauth/introspect", form({ client_assertion_type: ApiClient.JWT_BEARER, client_assertion: await assertion(client.id, privateKey) }));
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: "invalid_request", error_description: "token is missing." });
  });
});

describe("POST /oauth/revoke with openid-client's tokenRevocation", () => {
  it("a refresh token ends its session: the access token and the refresh token stop working, recorded as the person's LOGOUT", async () => {
    const p = await person();
    await oauth.tokenRevocation(introspector, p.refreshToken);
    expect((await h.call("GET", "/v1/me", { token: p.accessToken })).status).toBe(401);
    expect((await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: p.refreshToken } })).status).toBe(401);
    const logouts = (await h.auditEvents()).filter((event) => event.type === "LOGOUT" && event.actor.id === p.id);
    expect(logouts).toHaveLength(1);
  });

  it("a person's access token ends its session; a personal access token dies; no client authentication is needed", async () => {
    const p = await person();
    const res = await h.call("POST", "/oauth/revoke", form({ token: p.accessToken }));
    expect(res.status).toBe(200);
    expect((await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: p.refreshToken } })).status).toBe(401);

    const q = await person();
    const pat = await h.call("POST", "/v1/me/tokens", { token: q.accessToken, body: { name: "ci", expiresInDays: 30 } });
    await oauth.tokenRevocation(introspector, pat.body.token);
    expect((await h.call("GET", "/v1/me", { token: pat.body.token })).status).toBe(401);
    expect((await h.call("GET", "/v1/me", { token: q.accessToken })).status).toBe(200);
    expect((await h.auditEvents()).filter((event) => event.type === "PAT_REVOKED" && event.target.id === pat.body.id)).toHaveLength(1);
  });

  it("answers 200 for an unknown, forged, spent or client token and ends nothing; 400 without a token; 401 for a bad assertion", async () => {
    const p = await person();
    const [, userId, sessionId] = p.refreshToken.split(".");
    for (const token of ["unknown", `rt.${userId}.${sessionId}.forged-secret`, "rpat.nobody.nothing.secret"]) {
      expect((await h.call("POST", "/oauth/revoke", form({ token }))).status, token).toBe(200);
    }
    // A forged secret for a real session ends nothing.
    expect((await h.call("GET", "/v1/me", { token: p.accessToken })).status).toBe(200);
    const { config } = await registered(["users:read"]);
    const { access_token } = await oauth.clientCredentialsGrant(config);
    expect((await h.call("POST", "/oauth/revoke", form({ token: access_token }))).status).toBe(200);
    expect((await h.call("GET", "/v1/users", { token: access_token })).status).toBe(200);

    expect((await h.call("POST", "/oauth/revoke", form({}))).body.error).toBe("invalid_request");
    const bad = await h.call("POST", "/oauth/revoke", form({ token: p.refreshToken, client_assertion_type: ApiClient.JWT_BEARER, client_assertion: "not.a.jwt" }));
    expect(bad.status).toBe(401);
    expect((await h.call("GET", "/v1/me", { token: p.accessToken })).status).toBe(200);
  });

  it("race: parallel revocations of one refresh token all answer 200 and record one LOGOUT", async () => {
    for (let round = 0; round < 3; round++) {
      const p = await person();
      const answers = await Promise.all(Array.from({ length: 4 }, () => h.call("POST", "/oauth/revoke", form({ token: p.refreshToken }))));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      expect((await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: p.refreshToken } })).status).toBe(401);
      expect((await h.auditEvents()).filter((event) => event.type === "LOGOUT" && event.actor.id === p.id)).toHaveLength(1);
    }
  });
});

// Last: the clock moves past every token made so far.
describe("an expired access token", () => {
  it("is inactive", async () => {
    const p = await person();
    h.clock.advance(901_000);
    const { config } = await registered(["tokens:introspect"], "DELEGATED", (await h.signIn("owner@introspection.example", owner.secret)).accessToken);
    expect(await oauth.tokenIntrospection(config, p.accessToken)).toEqual({ active: false });
  });
});
