import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, GOOD_PASSWORD, PUBLIC_URL, type Harness } from "../harness";

let h: Harness;
let owner: Awaited<ReturnType<Harness["owner"]>>;
beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner("owner@no-store.example");
});

type Res = Awaited<ReturnType<Harness["call"]>>;
const expectNoStore = (name: string, res: Res, status: number) => {
  expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(status);
  expect(res.headers.get("cache-control"), name).toBe("no-store");
};

describe("Cache-Control: no-store", () => {
  it("is on every answer that carries a secret or a setup link", async () => {
    const invited = await h.call("POST", "/v1/users", { token: owner.accessToken, body: { email: "secrets@no-store.example", role: "OPERATOR" } });
    expectNoStore("POST /v1/users", invited, 201);
    expectNoStore("POST /v1/users/{id}/setup-token", await h.call("POST", `/v1/users/${invited.body.user.id}/setup-token`, { token: owner.accessToken }), 200);
    const link = (await h.call("POST", `/v1/users/${invited.body.user.id}/setup-token`, { token: owner.accessToken })).body.setupUrl as string;
    const totp = await h.call("POST", "/v1/setup/totp", { body: { token: h.tokenOf(link) } });
    expectNoStore("POST /v1/setup/totp", totp, 200);
    const done = await h.call("POST", "/v1/setup/complete", { body: { token: h.tokenOf(link), displayName: "S", password: GOOD_PASSWORD, totpCode: h.nextCode(totp.body.secret) } });
    expect(done.status).toBe(200);

    const login = await h.call("POST", "/v1/auth/login", { body: { email: "secrets@no-store.example", password: GOOD_PASSWORD, totpCode: h.nextCode(totp.body.secret) } });
    expectNoStore("POST /v1/auth/login", login, 200);
    expectNoStore("POST /v1/auth/refresh", await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: login.body.refreshToken } }), 200);
    expectNoStore("POST /v1/me/tokens", await h.call("POST", "/v1/me/tokens", { token: login.body.accessToken, body: { name: "t", expiresInDays: 1 } }), 201);
    expectNoStore("POST /v1/scim-tokens", await h.call("POST", "/v1/scim-tokens", { token: owner.accessToken, body: { name: "directory" } }), 201);

    // After an MFA reset: the enrollment token, the new seed, and the session it ends in.
    expect((await h.call("POST", `/v1/users/${done.body.user.id}/mfa-reset`, { token: owner.accessToken })).status).toBe(200);
    const reset = await h.call("POST", "/v1/auth/login", { body: { email: "secrets@no-store.example", password: GOOD_PASSWORD } });
    expectNoStore("POST /v1/auth/login (enrollment required)", reset, 403);
    const enroll = await h.call("POST", "/v1/auth/mfa/enroll", { body: { enrollmentToken: reset.body.enrollmentToken } });
    expectNoStore("POST /v1/auth/mfa/enroll", enroll, 200);
    const confirmed = await h.call("POST", "/v1/auth/mfa/confirm", { body: { enrollmentToken: reset.body.enrollmentToken, totpCode: h.nextCode(enroll.body.secret) } });
    expectNoStore("POST /v1/auth/mfa/confirm", confirmed, 200);

    expect((await h.call("POST", "/v1/tenants", { token: owner.accessToken, body: { slug: "cached", name: "Cached" } })).status).toBe(201);
    const clientInvite = await h.call("POST", "/v1/tenants/cached/invitations", { token: owner.accessToken, body: { email: "client@no-store.example", role: "CLIENT_ADMIN" } });
    expectNoStore("POST /v1/tenants/{slug}/invitations", clientInvite, 201);

    const { publicKey, privateKey } = await generateKeyPair("EdDSA");
    const client = await h.call("POST", "/v1/api-clients", { token: owner.accessToken, body: { name: "c", type: "DELEGATED", publicKey: await exportJWK(publicKey), scopes: ["users:read"] } });
    const now = Math.floor(h.clock.now().getTime() / 1000);
    const assertion = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: "EdDSA" })
      .setIssuer(client.body.id)
      .setSubject(client.body.id)
      .setAudience(`${PUBLIC_URL}/oauth/token`)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(privateKey);
    const token = await h.call("POST", "/oauth/token", {
      raw: new URLSearchParams({ grant_type: "client_credentials", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion }).toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expectNoStore("POST /oauth/token", token, 200);
  });

  it("is the default for every other answer too (one person's view of the team); only public ones choose their own", async () => {
    for (const path of ["/v1/me", "/v1/users", "/v1/audit-events", "/v1/tenants", "/v1/api-clients", "/v1/me/tokens"]) {
      expectNoStore(`GET ${path}`, await h.call("GET", path, { token: owner.accessToken }), 200);
    }
    expectNoStore("a problem", await h.call("GET", "/v1/users"), 401);
    expect((await h.call("GET", "/.well-known/jwks.json")).headers.get("cache-control")).toMatch(/^public/);
  });
});
