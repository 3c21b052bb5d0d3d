import { ApiClient, Auth, PersonalToken } from "@roster/core";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_CONTEXT } from "../fixtures/people";
import { startOidcProvider, type OidcProvider, type ProviderAccount } from "../fixtures/oidc-provider";
import { go, Jar, toCallback } from "../fixtures/sso-browser";
import { servedRoster, type ServedRoster } from "./served-roster";
import type { Harness } from "../harness";

/*
 * A person single sign-on deprovisions (their groups map to no role at a sign-in) loses every
 * credential at once, the USER API clients they registered included: such a client acts as its
 * owner, so it must not outlive the owner's access the way it would not outlive an admin's
 * deactivation.
 */

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

let served: ServedRoster;
let h: Harness;
/** Where Roster is served: the provider redirects the browser back to it. */
let baseUrl: string;
let op: OidcProvider;
let ownerToken: string;

beforeAll(async () => {
  served = await servedRoster({ ROSTER_ALLOW_LOOPBACK_FETCH: "on", ROSTER_SSO_TIMEOUT_MS: "1000" });
  ({ h, issuer: baseUrl } = served);
  op = await startOidcProvider({ redirectUri: `${baseUrl}/v1/sso/callback` });
  ownerToken = (await h.owner("owner@sso-deprovision.example")).accessToken;
  const configured = await h.call("PUT", "/v1/sso", {
    token: ownerToken,
    body: { issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, roles: [{ group: "roster-admins", role: "SUPER_ADMIN" }], memberships: [], enforced: false },
  });
  expect(configured.status, JSON.stringify(configured.body)).toBe(200);
});

afterAll(async () => {
  await op?.stop();
  await served?.close();
});

async function signIn(sub: string, account: ProviderAccount) {
  op.setAccount(sub, account);
  const jar = new Jar();
  const response = await go(jar, await toCallback(jar, { baseUrl, issuer: op.issuer }, sub));
  return { status: response.status, body: await response.text(), location: response.headers.get("Location"), session: jar.get(baseUrl, "__Host-roster_session") };
}

/** The `private_key_jwt` fields of a request to Roster's OAuth endpoints (RFC 7523), the issuer as audience. */
async function clientAuthentication(clientId: string, key: Parameters<SignJWT["sign"]>[0]) {
  const now = Math.floor(h.clock.now().getTime() / 1000);
  const assertion = await new SignJWT({ iss: clientId, sub: clientId, aud: baseUrl, jti: randomUUID(), iat: now, exp: now + 60 }).setProtectedHeader({ alg: "EdDSA" }).sign(key);
  return { client_assertion_type: JWT_BEARER, client_assertion: assertion };
}

const oauthForm = (path: string, fields: Record<string, string>) =>
  h.call("POST", path, { raw: new URLSearchParams(fields).toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } });

describe("SSO deprovisioning cuts a USER API client with its owner", () => {
  it("at the sign-in whose groups map to no role: no new token for the client, and its token in hand is refused, as the person's session and PAT are", async () => {
    const email = "carol@sso-deprovision.example";
    const first = await signIn("carol", { email, email_verified: true, groups: ["roster-admins"] });
    expect(first.location, `${first.status} ${first.body}`).toBe("/console");
    expect(first.session).toBeDefined();

    // What a SUPER_ADMIN who signed in through the provider registers from their console session.
    const principal = await Auth.authenticateConsole(h.deps, first.session!);
    const { privateKey, publicKey } = await generateKeyPair("EdDSA", { extractable: true });
    const client = await ApiClient.create(h.deps, principal, { name: "carol-script", type: "USER", publicKey: await exportJWK(publicKey), scopes: ["users:read"] }, FIXTURE_CONTEXT);
    const pat = await PersonalToken.create(h.deps, principal, { name: "script", expiresInDays: 7 }, FIXTURE_CONTEXT);

    const tokenRequest = async () => oauthForm("/oauth/token", { grant_type: "client_credentials", ...(await clientAuthentication(client.id, privateKey)) });
    // What a service beside Roster asks of the client's token: the state now, not the token's own claims.
    const introspector = await h.call("POST", "/v1/api-clients", {
      token: ownerToken,
      body: { name: "gateway", type: "DELEGATED", publicKey: await exportJWK(publicKey), scopes: ["tokens:introspect"] },
    });
    expect(introspector.status, JSON.stringify(introspector.body)).toBe(201);
    const introspect = async (token: string) => oauthForm("/oauth/introspect", { token, ...(await clientAuthentication(introspector.body.id, privateKey)) });

    const issued = await tokenRequest();
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    const clientToken = issued.body.access_token as string;
    // Each credential works before, so each refusal after is the deprovisioning's.
    expect((await h.call("GET", "/v1/users", { token: clientToken })).status).toBe(200);
    expect((await introspect(clientToken)).body).toMatchObject({ active: true, sub: client.id });
    expect((await h.call("GET", "/v1/me", { token: pat.token })).status).toBe(200);
    expect((await h.call("GET", "/console/account", { cookie: first.session! })).status).toBe(200);

    const cut = await signIn("carol", { email, email_verified: true, groups: ["no-longer-mapped"] });
    expect(cut.location).toBe("/console/sign-in?sso=no_access");
    expect(cut.session).toBeUndefined();
    const users = await h.call("GET", `/v1/users?q=${encodeURIComponent(email)}`, { token: ownerToken });
    expect(users.body.items).toEqual([expect.objectContaining({ email, status: "DEACTIVATED" })]);

    const withClientToken = await h.call("GET", "/v1/users", { token: clientToken });
    expect(withClientToken.status).toBe(401);
    expect(withClientToken.body.code).toBe("auth.unauthenticated");
    expect((await introspect(clientToken)).body).toEqual({ active: false });
    const again = await tokenRequest();
    expect(again.status, JSON.stringify(again.body)).toBe(401);
    expect(again.body.error).toBe("invalid_client");
    expect((await h.call("GET", "/v1/me", { token: pat.token })).status).toBe(401);
    expect((await h.call("GET", "/console/account", { cookie: first.session! })).headers.get("Location")).toMatch(/^\/console\/sign-in/);
  });
});
