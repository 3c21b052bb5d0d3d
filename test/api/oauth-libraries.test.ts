import { ApiClient } from "@roster/core";
import { exportJWK, generateKeyPair } from "jose";
import * as oauth from "openid-client";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_CONTEXT } from "../fixtures/people";
import { createHarness, PUBLIC_URL, type Harness } from "../harness";

/**
 * Roster as an off-the-shelf OAuth library sees it: panva's openid-client discovers it from the
 * issuer (RFC 8414) and runs the client credentials grant with its defaults, which put the issuer
 * in the assertion's `aud` and name Ed25519 signatures `Ed25519` (RFC 9864).
 */
let h: Harness;
let ownerToken: string;

beforeAll(async () => {
  h = await createHarness();
  ownerToken = (await h.owner("owner@libraries.example")).accessToken;
});

/** The library's HTTP goes to the app in process; its clock is the test's. */
function libraryOptions(): oauth.DiscoveryRequestOptions {
  return {
    algorithm: "oauth2",
    execute: [oauth.allowInsecureRequests],
    [oauth.customFetch]: async (url, init) => h.app.request(url, { method: init.method, headers: init.headers, body: init.body }),
  };
}

async function registered(alg: "Ed25519" | "ES256" | "RS256") {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const client = await ApiClient.create(h.deps, await h.principalOf(ownerToken), { name: `${alg} backend`, type: "DELEGATED", publicKey: { ...(await exportJWK(publicKey)) }, scopes: ["users:read"] }, FIXTURE_CONTEXT);
  return { client, privateKey };
}

describe("RFC 8414 metadata", () => {
  it("names the issuer exactly and the token endpoint, keys, grant, client authentication and scopes", async () => {
    const res = await h.call("GET", "/.well-known/oauth-authorization-server");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issuer: PUBLIC_URL,
      token_endpoint: `${PUBLIC_URL}/oauth/token`,
      jwks_uri: `${PUBLIC_URL}/.well-known/jwks.json`,
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["private_key_jwt"],
      token_endpoint_auth_signing_alg_values_supported: ["RS256", "ES256", "EdDSA", "Ed25519"],
    });
    expect(res.body.scopes_supported).toContain("users:read");
  });
});

describe("openid-client's client credentials grant, with its defaults", () => {
  it.each([["Ed25519"], ["ES256"], ["RS256"]] as const)("discovers Roster and gets a token with a %s key that calls the API", async (alg) => {
    const { client, privateKey } = await registered(alg);
    const config = await oauth.discovery(new URL(PUBLIC_URL), client.id, { [oauth.clockSkew]: Math.round((h.clock.now().getTime() - Date.now()) / 1000) }, oauth.PrivateKeyJwt(privateKey), libraryOptions());
    expect(config.serverMetadata().token_endpoint).toBe(`${PUBLIC_URL}/oauth/token`);
    const tokens = await oauth.clientCredentialsGrant(config, { scope: "users:read" });
    expect(tokens.token_type.toLowerCase()).toBe("bearer");
    const users = await h.call("GET", "/v1/users", { token: tokens.access_token });
    expect(users.status).toBe(200);
  });

  it("still refuses an assertion for another audience", async () => {
    const { client, privateKey } = await registered("Ed25519");
    const options = libraryOptions();
    // The library believes the issuer is another one, and puts that in `aud`.
    const config = new oauth.Configuration(
      { issuer: "https://elsewhere.example", token_endpoint: `${PUBLIC_URL}/oauth/token` },
      client.id,
      {},
      oauth.PrivateKeyJwt(privateKey),
    );
    config[oauth.customFetch] = options[oauth.customFetch]!;
    oauth.allowInsecureRequests(config);
    await expect(oauth.clientCredentialsGrant(config, { scope: "users:read" })).rejects.toMatchObject({ error: "invalid_client" });
  });
});

describe("RFC 6750 challenges", () => {
  it("a 401 names the realm, and says invalid_token when a token was presented", async () => {
    const none = await h.call("GET", "/v1/me");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="roster"');
    const bad = await h.call("GET", "/v1/me", { token: "not.a.token" });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toBe('Bearer realm="roster", error="invalid_token"');
  });

  it("a 403 for a scope the client lacks names the scope; a person's 403 has no challenge", async () => {
    const { client, privateKey } = await registered("ES256");
    const config = await oauth.discovery(new URL(PUBLIC_URL), client.id, { [oauth.clockSkew]: Math.round((h.clock.now().getTime() - Date.now()) / 1000) }, oauth.PrivateKeyJwt(privateKey), libraryOptions());
    const { access_token } = await oauth.clientCredentialsGrant(config, { scope: "users:read" });
    const res = await h.call("POST", "/v1/users", { token: access_token, body: { email: "scoped@libraries.example", role: "OPERATOR" } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("auth.forbidden");
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="roster", error="insufficient_scope", scope="users:write"');
    const tenants = await h.call("GET", "/v1/tenants", { token: access_token });
    expect(tenants.headers.get("www-authenticate")).toBe('Bearer realm="roster", error="insufficient_scope", scope="tenants:read"');

    const viewer = await h.member(ownerToken, "viewer@libraries.example", "VIEWER");
    const person = await h.call("POST", "/v1/users", { token: viewer.accessToken, body: { email: "nope@libraries.example", role: "OPERATOR" } });
    expect(person.status).toBe(403);
    expect(person.headers.get("www-authenticate")).toBeNull();
  });
});
