import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK } from "jose";
import { generateKeyPairSync, randomUUID, type webcrypto } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, PUBLIC_URL, type Harness } from "../harness";

type CryptoKey = webcrypto.CryptoKey;
type Alg = "EdDSA" | "ES256" | "RS256";
type KeyPair = { alg: Alg; privateKey: CryptoKey; publicJwk: JWK; publicPem: string };

const AUDIENCE = `${PUBLIC_URL}/oauth/token`;
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** Well formed, never issued. */
const UNKNOWN_CLIENT = `cli_${"0".repeat(23)}a`;

async function keyPair(alg: Alg, options: { modulusLength?: number; crv?: string } = {}): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...options });
  return { alg, privateKey, publicJwk: await exportJWK(publicKey), publicPem: await exportSPKI(publicKey) };
}

/** A public RSA JWK with a 8200-bit modulus: only its size matters, so no key pair is generated. */
const oversizedRsaJwk = () => ({ kty: "RSA", e: "AQAB", n: Buffer.concat([Buffer.from([0xc1]), Buffer.alloc(1024, 0xb7)]).toString("base64url") });

let h: Harness;
let admin: { accessToken: string; user: { id: string }; email: string };
let ed: KeyPair;
let ec: KeyPair;
let rsa: KeyPair;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.owner("owner@clients.example");
  [ed, ec, rsa] = await Promise.all([keyPair("EdDSA"), keyPair("ES256"), keyPair("RS256")]);
});

/** A client assertion as RFC 7523 wants it, every claim overridable. */
async function assertion(key: KeyPair, clientId: string, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) {
  const now = Math.floor(h.clock.now().getTime() / 1000);
  return new SignJWT({ iss: clientId, sub: clientId, aud: AUDIENCE, jti: randomUUID(), iat: now, exp: now + 60, ...claims })
    .setProtectedHeader({ alg: key.alg, ...header })
    .sign(key.privateKey);
}

/** POST /oauth/token as a form, as OAuth client libraries send it. */
function tokenRequest(fields: Record<string, string>, contentType = "application/x-www-form-urlencoded") {
  return h.call("POST", "/oauth/token", { raw: new URLSearchParams(fields).toString(), headers: { "Content-Type": contentType } });
}

const grant = (clientAssertion: string, extra: Record<string, string> = {}) =>
  tokenRequest({ grant_type: "client_credentials", client_assertion_type: JWT_BEARER, client_assertion: clientAssertion, ...extra });

async function createClient(body: Record<string, unknown>, token = admin.accessToken) {
  return h.call("POST", "/v1/api-clients", { token, body: { name: "sync", type: "DELEGATED", publicKey: ed.publicJwk, scopes: ["users:read"], ...body } });
}

/** A registered client and a token for it. */
async function clientWithToken(body: Record<string, unknown>, key: KeyPair = ed) {
  const created = await createClient({ publicKey: key.publicJwk, ...body });
  if (created.status !== 201) throw new Error(`create ${created.status}: ${JSON.stringify(created.body)}`);
  const issued = await grant(await assertion(key, created.body.id));
  if (issued.status !== 200) throw new Error(`token ${issued.status}: ${JSON.stringify(issued.body)}`);
  return { client: created.body, token: issued.body.access_token as string };
}

const expectOAuthError = (res: Awaited<ReturnType<Harness["call"]>>, status: number, error: string) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
  expect(res.body).toEqual({ error, error_description: expect.any(String) });
  expect(res.headers.get("Cache-Control")).toBe("no-store");
};

describe("registering API clients", () => {
  it("registers a client with a JWK, names its key by thumbprint and records who did it", async () => {
    const res = await createClient({ name: "billing-sync", scopes: ["audit:read", "users:read"] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^cli_[0-9a-z]{24}$/),
      name: "billing-sync",
      type: "DELEGATED",
      status: "ACTIVE",
      // In the catalog's order, whatever order they were given in.
      scopes: ["users:read", "audit:read"],
      keyId: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      jwksUri: null,
      previousKey: null,
      createdAt: h.clock.now().toISOString(),
      createdBy: { id: admin.user.id, email: admin.email },
    });
    expect(res.calls).toBeLessThanOrEqual(2);
    const event = (await h.auditEvents()).find((item) => item.type === "API_CLIENT_CREATED" && item.target.id === res.body.id);
    expect(event).toMatchObject({
      actor: { type: "user", id: admin.user.id, email: admin.email },
      target: { type: "api_client", id: res.body.id },
      changes: { keyId: { before: null, after: res.body.keyId }, jwksUri: { before: null, after: null } },
    });
  });

  it.each([
    ["an RSA PEM", () => rsa.publicPem],
    ["an EC P-256 JWK", () => ec.publicJwk],
  ])("accepts %s", async (_name, key) => {
    expect((await createClient({ publicKey: key() })).status).toBe(201);
  });

  it.each([
    ["a private JWK", async () => exportJWK((await generateKeyPair("EdDSA", { extractable: true })).privateKey), /private key/],
    ["a private PEM", async () => "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----", /private key/],
    ["an RSA key under 2048 bits", async () => generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ format: "jwk" }), /2048/],
    ["an RSA key over 8192 bits", async () => oversizedRsaJwk(), /8192/],
    ["an EC key off P-256", async () => exportJWK((await generateKeyPair("ES384", { extractable: true })).publicKey), /P-256/],
    ["a symmetric JWK", async () => ({ kty: "oct", k: "c2VjcmV0" }), /private key/],
    ["garbage", async () => "not a key", /public key/],
    ["a broken JWK", async () => ({ kty: "OKP", crv: "Ed25519", x: "!!" }), /not a valid public key/],
  ])("refuses %s with 400 api_client.invalid_key", async (_name, key, message) => {
    const res = await createClient({ publicKey: await key() });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("api_client.invalid_key");
    expect(res.body.detail).toMatch(message);
    expect(res.body.errors).toEqual([{ path: "publicKey", message: res.body.detail }]);
  });

  it.each([
    [{ scopes: [] }, "scopes"],
    [{ scopes: ["users:read", "users:read"] }, "scopes"],
    [{ scopes: ["users:admin"] }, "scopes.0"],
    [{ type: "SERVICE" }, "type"],
    [{ name: " " }, "name"],
  ])("refuses %j with 400 request.invalid", async (body, path) => {
    const res = await createClient(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("request.invalid");
    expect(res.body.errors.map((error: { path: string }) => error.path)).toContain(path);
  });

  it("is for a signed-in SUPER_ADMIN person only", async () => {
    expect((await h.call("POST", "/v1/api-clients", { body: {} })).status).toBe(401);
    const operator = await h.member(admin.accessToken, "operator@clients.example", "OPERATOR");
    expect((await createClient({}, operator.accessToken)).status).toBe(403);
    expect((await h.call("GET", "/v1/api-clients", { token: operator.accessToken })).status).toBe(403);
    // No scope lets a client make clients, even a DELEGATED one that may read them.
    const { token } = await clientWithToken({ scopes: ["api-clients:read", "users:write"] });
    expect((await createClient({}, token)).status).toBe(403);
  });
});

describe("POST /oauth/token", () => {
  it.each([["EdDSA"], ["ES256"], ["RS256"]] as const)("trades a %s assertion for an access token that calls the API", async (alg) => {
    const key = { EdDSA: ed, ES256: ec, RS256: rsa }[alg];
    const created = await createClient({ publicKey: key.publicJwk, scopes: ["users:read", "audit:read"] });
    const res = await grant(await assertion(key, created.body.id, {}, { kid: created.body.keyId }));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 900, scope: "users:read audit:read" });
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Pragma")).toBe("no-cache");
    expect(res.calls).toBe(2);

    const users = await h.call("GET", "/v1/users", { token: res.body.access_token });
    expect(users.status).toBe(200);
    expect(users.calls).toBeLessThanOrEqual(2);
  });

  it("narrows the token to the scopes asked for, and refuses scopes the client was not given", async () => {
    const created = await createClient({ scopes: ["users:read", "audit:read"] });
    const narrowed = await grant(await assertion(ed, created.body.id), { scope: "audit:read" });
    expect(narrowed.body.scope).toBe("audit:read");
    expect((await h.call("GET", "/v1/audit-events", { token: narrowed.body.access_token })).status).toBe(200);
    expect((await h.call("GET", "/v1/users", { token: narrowed.body.access_token })).status).toBe(403);

    expectOAuthError(await grant(await assertion(ed, created.body.id), { scope: "users:write" }), 400, "invalid_scope");
    expectOAuthError(await grant(await assertion(ed, created.body.id), { scope: "everything" }), 400, "invalid_scope");
  });

  it("answers malformed requests with RFC 6749's invalid_request and unsupported_grant_type", async () => {
    const created = await createClient({});
    const good = await assertion(ed, created.body.id);
    expectOAuthError(await tokenRequest({ client_assertion_type: JWT_BEARER, client_assertion: good }), 400, "invalid_request");
    expectOAuthError(await tokenRequest({ grant_type: "password", username: "a", password: "b" }), 400, "unsupported_grant_type");
    expectOAuthError(await tokenRequest({ grant_type: "client_credentials", client_assertion: good }), 400, "invalid_request");
    expectOAuthError(await tokenRequest({ grant_type: "client_credentials", client_assertion_type: JWT_BEARER }), 400, "invalid_request");
    expectOAuthError(
      await h.call("POST", "/oauth/token", { body: { grant_type: "client_credentials", client_assertion_type: JWT_BEARER, client_assertion: good } }),
      400,
      "invalid_request",
    );
    const repeated = await h.call("POST", "/oauth/token", {
      raw: `grant_type=client_credentials&grant_type=password&client_assertion_type=${encodeURIComponent(JWT_BEARER)}&client_assertion=${good}`,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expectOAuthError(repeated, 400, "invalid_request");
    expect(repeated.body.error_description).toMatch(/grant_type/);
    // None of these spent the assertion.
    expect((await grant(good)).status).toBe(200);
  });

  it("allows a client's clock to run up to 30 seconds off Roster's", async () => {
    const created = await createClient({});
    const id = created.body.id as string;
    const now = Math.floor(h.clock.now().getTime() / 1000);
    // Made "now" by a clock 5 seconds ahead (what libraries stamp as nbf and iat), and by one 20 seconds behind.
    expect((await grant(await assertion(ed, id, { iat: now + 5, nbf: now + 5, exp: now + 65 }))).status).toBe(200);
    expect((await grant(await assertion(ed, id, { iat: now - 80, exp: now - 20 }))).status).toBe(200);
  });

  it("answers 401 invalid_client, the same way, for every assertion it cannot trust", async () => {
    const created = await createClient({});
    const id = created.body.id as string;
    const now = Math.floor(h.clock.now().getTime() / 1000);
    const other = await keyPair("EdDSA");
    const unknown = UNKNOWN_CLIENT;
    const cases: Record<string, string> = {
      "signed with another key": await assertion(other, id),
      "for another audience": await assertion(ed, id, { aud: "https://elsewhere.example/oauth/token" }),
      "expired, past the 30 seconds allowed for clock skew": await assertion(ed, id, { iat: now - 120, exp: now - 31 }),
      "not valid for another minute": await assertion(ed, id, { nbf: now + 60 }),
      "living longer than 5 minutes": await assertion(ed, id, { exp: now + 301 }),
      "without exp": await assertion(ed, id, { exp: undefined }),
      "without jti": await assertion(ed, id, { jti: undefined }),
      "with sub unlike iss": await assertion(ed, id, { sub: unknown }),
      "of an unknown client": await assertion(ed, unknown),
      "naming a kid the client does not have": await assertion(ed, id, {}, { kid: "nope" }),
      "not a JWT": "not.a.jwt",
      "with alg none": `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(JSON.stringify({ iss: id, sub: id, aud: AUDIENCE, jti: "x", exp: now + 60 })).toString("base64url")}.`,
    };
    for (const [name, jwt] of Object.entries(cases)) {
      const res = await grant(jwt);
      expect(res.status, name).toBe(401);
      expect(res.body, name).toEqual({ error: "invalid_client", error_description: "Client authentication failed." });
    }
    expectOAuthError(await grant(await assertion(ed, id), { client_id: unknown }), 401, "invalid_client");
    // A forged HS256 assertion using the public key as the secret (algorithm confusion).
    const forged = await new SignJWT({ iss: id, sub: id, aud: AUDIENCE, jti: randomUUID(), exp: now + 60 })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(JSON.stringify(ed.publicJwk)));
    expectOAuthError(await grant(forged), 401, "invalid_client");
  });

  it("takes an assertion once: a replayed jti is refused", async () => {
    const created = await createClient({});
    const jwt = await assertion(ed, created.body.id);
    expect((await grant(jwt)).status).toBe(200);
    expectOAuthError(await grant(jwt), 401, "invalid_client");
    const sameJti = await assertion(ed, created.body.id, { jti: "fixed-jti" });
    expect((await grant(sameJti)).status).toBe(200);
    expectOAuthError(await grant(await assertion(ed, created.body.id, { jti: "fixed-jti" })), 401, "invalid_client");
  });

  it("race: of concurrent requests with one assertion exactly one gets a token", async () => {
    const created = await createClient({});
    for (let round = 0; round < 3; round += 1) {
      const jwt = await assertion(ed, created.body.id);
      const results = await Promise.all(Array.from({ length: 8 }, () => grant(jwt)));
      expect(results.filter((res) => res.status === 200)).toHaveLength(1);
      for (const res of results.filter((res) => res.status !== 200)) expectOAuthError(res, 401, "invalid_client");
    }
  });
});

describe("what a client's token may do", () => {
  it("stays within its scopes: 403 outside them, and never a person's own routes", async () => {
    const { token } = await clientWithToken({ scopes: ["users:read"] });
    expect((await h.call("GET", "/v1/users", { token })).status).toBe(200);
    expect((await h.call("GET", `/v1/users/${admin.user.id}`, { token })).status).toBe(200);
    for (const [method, path, body] of [
      ["POST", "/v1/users", { email: "nope@clients.example", role: "OPERATOR" }],
      ["GET", "/v1/audit-events", undefined],
      ["GET", "/v1/tenants", undefined],
      ["GET", "/v1/memberships", undefined],
      ["GET", "/v1/api-clients", undefined],
      ["GET", "/v1/me", undefined],
      ["GET", "/v1/me/tokens", undefined],
      ["POST", "/v1/me/tokens", { name: "t", expiresInDays: 1 }],
      ["POST", "/v1/me/password", { currentPassword: "x".repeat(12), newPassword: "y".repeat(12) }],
      ["POST", `/v1/users/${admin.user.id}/ownership`, undefined],
    ] as const) {
      const res = await h.call(method, path, { token, body });
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(403);
      // Making a personal access token needs a signed-in session, which a client never has.
      expect(res.body.code).toBe(method === "POST" && path === "/v1/me/tokens" ? "auth.session_required" : "auth.forbidden");
    }
    // Logging out has no session to end: nothing happens, and the token still works.
    expect((await h.call("POST", "/v1/auth/logout", { token })).status).toBe(204);
    expect((await h.call("GET", "/v1/users", { token })).status).toBe(200);
  });

  it("DELEGATED: acts for the workspace; the trail names the client, invitedBy its creator, the mail its name", async () => {
    const { client, token } = await clientWithToken({ name: "hr-feed", scopes: ["users:write", "users:read", "tenants:write", "tenants:read", "memberships:write"] });
    const invited = await h.call("POST", "/v1/users", { token, body: { email: "fed@clients.example", role: "CONTRACTOR" } });
    expect(invited.status).toBe(201);
    expect(invited.calls).toBeLessThanOrEqual(3);
    expect(invited.body.user.invitedBy).toEqual({ id: admin.user.id, email: admin.email });
    const event = (await h.auditEvents()).find((item) => item.type === "USER_INVITED" && item.target.id === invited.body.user.id);
    expect(event.actor).toEqual({ type: "api_client", id: client.id, name: "hr-feed" });
    const [mail] = await h.mailsTo("fed@clients.example");
    expect(mail!.subject + mail!.body.text).toContain("hr-feed");

    // Every tenant, as an admin reaches them, through no membership of its own.
    expect((await h.call("POST", "/v1/tenants", { token, body: { slug: "fed-bank", name: "Fed Bank" } })).status).toBe(201);
    expect((await h.call("GET", "/v1/tenants/fed-bank", { token })).status).toBe(200);
    const expiresAt = new Date(h.clock.now().getTime() + 3_600_000).toISOString();
    const granted = await h.call("PUT", `/v1/tenants/fed-bank/memberships/${invited.body.user.id}`, { token, body: { role: "OPERATOR_READONLY", expiresAt } });
    expect(granted.status).toBe(201);
    expect(granted.body.grantedBy).toEqual({ id: admin.user.id, email: admin.email });
    const byActor = await h.call("GET", `/v1/audit-events?actorId=${client.id}`, { token: admin.accessToken });
    expect(byActor.body.items.map((item: { type: string }) => item.type).sort()).toEqual(["MEMBERSHIP_GRANTED", "TENANT_CREATED", "USER_INVITED"]);
  });

  it("USER: acts as its creator with the creator's role now, and dies with the creator's access", async () => {
    const creator = await h.member(admin.accessToken, "creator@clients.example", "SUPER_ADMIN");
    const created = await createClient({ type: "USER", scopes: ["users:read", "users:write"] }, creator.accessToken);
    expect(created.body.createdBy).toEqual({ id: creator.user.id, email: creator.email });
    const token = (await grant(await assertion(ed, created.body.id))).body.access_token;
    expect((await h.call("GET", "/v1/users", { token })).status).toBe(200);
    // It is its creator: it cannot act on the creator's own account.
    const self = await h.call("POST", `/v1/users/${creator.user.id}/deactivate`, { token });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe("user.self_action");

    expect((await h.call("PUT", `/v1/users/${creator.user.id}/role`, { token: admin.accessToken, body: { role: "OPERATOR" } })).status).toBe(200);
    expect((await h.call("GET", "/v1/users", { token })).status).toBe(403);
    expect((await h.call("PUT", `/v1/users/${creator.user.id}/role`, { token: admin.accessToken, body: { role: "SUPER_ADMIN" } })).status).toBe(200);
    expect((await h.call("GET", "/v1/users", { token })).status).toBe(200);

    expect((await h.call("POST", `/v1/users/${creator.user.id}/deactivate`, { token: admin.accessToken })).status).toBe(200);
    expect((await h.call("GET", "/v1/users", { token })).status).toBe(401);
    // The client itself is untouched; it works again with its creator.
    expect((await h.call("POST", `/v1/users/${creator.user.id}/reactivate`, { token: admin.accessToken })).status).toBe(200);
    expect((await h.call("GET", "/v1/users", { token })).status).toBe(200);
  });
});

describe("a client gains nothing through a person", () => {
  it("may not invite a SUPER_ADMIN or a VIEWER nor make one, and never holds a setup link: the mail carries it", async () => {
    const { token } = await clientWithToken({ name: "people-feed", scopes: ["users:write", "users:read", "memberships:write", "tenants:write"] });
    const superAdmin = await h.call("POST", "/v1/users", { token, body: { email: "would-be-admin@clients.example", role: "SUPER_ADMIN" } });
    expect(superAdmin.status).toBe(403);
    expect(superAdmin.body.code).toBe("auth.forbidden");
    expect(await h.mailsTo("would-be-admin@clients.example")).toEqual([]);
    // A VIEWER reads everything a SUPER_ADMIN reads: a client makes none either.
    const viewer = await h.call("POST", "/v1/users", { token, body: { email: "would-be-viewer@clients.example", role: "VIEWER" } });
    expect(viewer.status).toBe(403);
    expect(viewer.body.code).toBe("auth.forbidden");

    const invited = await h.call("POST", "/v1/users", { token, body: { email: "via-feed@clients.example", role: "OPERATOR" } });
    expect(invited.status).toBe(201);
    expect(invited.body.setupUrl).toBeNull();
    const [mail] = await h.mailsTo("via-feed@clients.example");
    expect(mail!.body.text).toMatch(/\/setup#token=st\./);

    const renewed = await h.call("POST", `/v1/users/${invited.body.user.id}/setup-token`, { token });
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ setupUrl: null, emailDelivery: "sent", setupExpiresAt: expect.any(String) });
    expect(await h.mailsTo("via-feed@clients.example")).toHaveLength(2);

    // Promotion: refused for an invitation and for a person who has set up, whatever the client's scopes.
    const promote = await h.call("PUT", `/v1/users/${invited.body.user.id}/role`, { token, body: { role: "SUPER_ADMIN" } });
    expect(promote.status).toBe(403);
    expect(promote.body.code).toBe("auth.forbidden");
    const person = await h.activeUser(admin.accessToken, "promote-me@clients.example");
    expect((await h.call("PUT", `/v1/users/${person.id}/role`, { token, body: { role: "SUPER_ADMIN" } })).status).toBe(403);
    expect((await h.call("PUT", `/v1/users/${person.id}/role`, { token, body: { role: "VIEWER" } })).status).toBe(403);
    expect((await h.call("PUT", `/v1/users/${person.id}/role`, { token, body: { role: "CONTRACTOR" } })).status).toBe(200);

    // A tenant invitation made by a client holds no link either.
    expect((await h.call("POST", "/v1/tenants", { token, body: { slug: "feed-co", name: "Feed Co" } })).status).toBe(201);
    const client = await h.call("POST", "/v1/tenants/feed-co/invitations", { token, body: { email: "feed-client@clients.example", role: "CLIENT_ADMIN" } });
    expect(client.status).toBe(201);
    expect(client.body).toMatchObject({ setupUrl: null, emailDelivery: "sent" });
    expect(await h.mailsTo("feed-client@clients.example")).toHaveLength(1);
  });
});

describe("lasting credentials come from a signed-in session only", () => {
  it("a personal access token cannot make a token, register a client or rotate a key: 403 auth.session_required", async () => {
    const created = await h.call("POST", "/v1/me/tokens", { token: admin.accessToken, body: { name: "script", expiresInDays: 30 } });
    expect(created.status).toBe(201);
    const pat = created.body.token as string;
    const { client } = await clientWithToken({ name: "rotated-by-pat" });
    for (const [method, path, body] of [
      ["POST", "/v1/me/tokens", { name: "another", expiresInDays: 365 }],
      ["POST", "/v1/api-clients", { name: "minted", type: "DELEGATED", publicKey: ed.publicJwk, scopes: ["audit:read"] }],
      ["POST", `/v1/api-clients/${client.id}/keys`, { publicKey: ec.publicJwk }],
    ] as const) {
      const res = await h.call(method, path, { token: pat, body });
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(403);
      expect(res.body.code).toBe("auth.session_required");
    }
    // The token still does what it may: read, and act as its person elsewhere.
    expect((await h.call("GET", "/v1/me/tokens", { token: pat })).status).toBe(200);
    expect((await h.call("GET", "/v1/api-clients", { token: pat })).status).toBe(200);
    // From the session, the same three work.
    expect((await h.call("POST", "/v1/me/tokens", { token: admin.accessToken, body: { name: "another", expiresInDays: 365 } })).status).toBe(201);
    expect((await createClient({ name: "from-session" })).status).toBe(201);
    expect((await h.call("POST", `/v1/api-clients/${client.id}/keys`, { token: admin.accessToken, body: { publicKey: ec.publicJwk } })).status).toBe(200);
  });
});

describe("managing API clients", () => {
  it("disable: its tokens stop on their next request, for good, and it gets no new ones until enabled", async () => {
    const { client, token } = await clientWithToken({});
    const disabled = await h.call("POST", `/v1/api-clients/${client.id}/disable`, { token: admin.accessToken });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id: client.id, status: "DISABLED" });
    expect((await h.call("GET", "/v1/users", { token })).status).toBe(401);
    expectOAuthError(await grant(await assertion(ed, client.id)), 401, "invalid_client");
    const again = await h.call("POST", `/v1/api-clients/${client.id}/disable`, { token: admin.accessToken });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("api_client.not_active");

    const enabled = await h.call("POST", `/v1/api-clients/${client.id}/enable`, { token: admin.accessToken });
    expect(enabled.body.status).toBe("ACTIVE");
    // A token issued before the disable stays dead (the client may have been disabled because it leaked).
    expect((await h.call("GET", "/v1/users", { token })).status).toBe(401);
    const fresh = await grant(await assertion(ed, client.id));
    expect(fresh.status).toBe(200);
    expect((await h.call("GET", "/v1/users", { token: fresh.body.access_token })).status).toBe(200);
    expect((await h.call("POST", `/v1/api-clients/${client.id}/enable`, { token: admin.accessToken })).body.code).toBe("api_client.not_disabled");
    const types = (await h.auditEvents()).filter((item) => item.target.id === client.id).map((item) => item.type);
    expect(types.sort()).toEqual(["API_CLIENT_CREATED", "API_CLIENT_DISABLED", "API_CLIENT_ENABLED"]);
  });

  it("rotates keys: the replaced key works for its overlap and not a millisecond longer", async () => {
    const created = await createClient({});
    const id = created.body.id as string;
    const same = await h.call("POST", `/v1/api-clients/${id}/keys`, { token: admin.accessToken, body: { publicKey: ed.publicJwk } });
    expect(same.status).toBe(400);
    expect(same.body.code).toBe("api_client.invalid_key");

    const next = await keyPair("ES256");
    const rotated = await h.call("POST", `/v1/api-clients/${id}/keys`, { token: admin.accessToken, body: { publicKey: next.publicPem, previousKeyValidSeconds: 60 } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.keyId).not.toBe(created.body.keyId);
    const validUntil = new Date(h.clock.now().getTime() + 60_000);
    expect(rotated.body.previousKey).toEqual({ keyId: created.body.keyId, validUntil: validUntil.toISOString() });
    expect((await grant(await assertion(next, id))).status).toBe(200);
    expect((await grant(await assertion(ed, id))).status).toBe(200);

    const saved = h.clock.now();
    h.clock.set(new Date(validUntil.getTime() - 1));
    expect((await grant(await assertion(ed, id))).status).toBe(200);
    h.clock.set(validUntil);
    expectOAuthError(await grant(await assertion(ed, id)), 401, "invalid_client");
    expect((await h.call("GET", `/v1/api-clients/${id}`, { token: admin.accessToken })).body.previousKey).toBeNull();
    h.clock.set(saved);

    // Without an overlap the replaced key stops at once, and so does the one still overlapping.
    const third = await keyPair("EdDSA");
    expect((await h.call("POST", `/v1/api-clients/${id}/keys`, { token: admin.accessToken, body: { publicKey: third.publicJwk } })).body.previousKey).toBeNull();
    expectOAuthError(await grant(await assertion(next, id)), 401, "invalid_client");
    expectOAuthError(await grant(await assertion(ed, id)), 401, "invalid_client");
    expect((await grant(await assertion(third, id))).status).toBe(200);
    expect((await h.auditEvents()).filter((item) => item.type === "API_CLIENT_KEY_ROTATED" && item.target.id === id)).toHaveLength(2);

    for (const previousKeyValidSeconds of [-1, 86_401, 1.5]) {
      const res = await h.call("POST", `/v1/api-clients/${id}/keys`, { token: admin.accessToken, body: { publicKey: ec.publicJwk, previousKeyValidSeconds } });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe("previousKeyValidSeconds");
    }
  });

  it("lists clients newest first, page by page, and reads one; 404 for an unknown id, 400 for a malformed one", async () => {
    h.clock.advance(1000);
    const reader = await clientWithToken({ scopes: ["api-clients:read"] });
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<Harness["call"]>> = await h.call("GET", `/v1/api-clients?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: reader.token });
      expect(page.status).toBe(200);
      expect(page.calls).toBeLessThanOrEqual(2);
      pages.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages[0]).toBe(reader.client.id);
    expect(new Set(pages).size).toBe(pages.length);
    const one = await h.call("GET", `/v1/api-clients/${reader.client.id}`, { token: reader.token });
    expect(one.body).toEqual(reader.client);
    const unknown = await h.call("GET", `/v1/api-clients/${UNKNOWN_CLIENT}`, { token: admin.accessToken });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("api_client.not_found");
    expect((await h.call("GET", "/v1/api-clients/nope", { token: admin.accessToken })).status).toBe(400);
    expect((await h.call("GET", "/v1/api-clients?cursor=bogus", { token: admin.accessToken })).status).toBe(400);
  });

  it("race: of concurrent disables exactly one succeeds and is recorded; concurrent rotations never lose one unrecorded", async () => {
    for (let round = 0; round < 3; round += 1) {
      const created = await createClient({});
      const id = created.body.id as string;
      const disables = await Promise.all(Array.from({ length: 6 }, () => h.call("POST", `/v1/api-clients/${id}/disable`, { token: admin.accessToken })));
      expect(disables.filter((res) => res.status === 200)).toHaveLength(1);
      for (const res of disables.filter((res) => res.status !== 200)) expect(["api_client.not_active", "request.conflict"]).toContain(res.body.code);
      expect((await h.auditEvents()).filter((item) => item.type === "API_CLIENT_DISABLED" && item.target.id === id)).toHaveLength(1);

      const keys = await Promise.all(Array.from({ length: 4 }, () => keyPair("EdDSA")));
      const rotations = await Promise.all(keys.map((key) => h.call("POST", `/v1/api-clients/${id}/keys`, { token: admin.accessToken, body: { publicKey: key.publicJwk } })));
      // A rotation that read the client after another committed rightly succeeds too; one that read
      // the same version as a committed one must fail, so every success is recorded and the stored
      // key is one of them.
      const winners = rotations.filter((res) => res.status === 200);
      expect(winners.length).toBeGreaterThanOrEqual(1);
      for (const res of rotations.filter((res) => res.status !== 200)) expect(["api_client.changed", "request.conflict"]).toContain(res.body.code);
      const stored = await h.call("GET", `/v1/api-clients/${id}`, { token: admin.accessToken });
      expect(winners.map((res) => res.body.keyId)).toContain(stored.body.keyId);
      expect((await h.auditEvents()).filter((item) => item.type === "API_CLIENT_KEY_ROTATED" && item.target.id === id)).toHaveLength(winners.length);
    }
  });
});
