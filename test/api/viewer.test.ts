import { exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, type OidcProvider } from "../fixtures/oidc-provider";
import { createHarness, GOOD_PASSWORD, type Harness } from "../harness";

/**
 * The VIEWER: the compliance or finance reviewer who sees everything and executes nothing. Every
 * GET a SUPER_ADMIN may call answers it alike; every other route answers 403 `auth.forbidden`,
 * except its own `/v1/me` routes. The route lists are checked against the OpenAPI document, so a
 * route added later cannot be left out of this file.
 */

let h: Harness;
let owner: Awaited<ReturnType<Harness["owner"]>>;
let viewer: Awaited<ReturnType<Harness["member"]>>;
const ids = { target: "", invited: "", client: "" };
let op: OidcProvider;
/** A single sign-on configuration a SUPER_ADMIN would store, against the in-process provider. */
const ssoConfig = () => ({ issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, roles: [{ group: "ops", role: "OPERATOR" }], memberships: [], enforced: false });

const publicJwk = async () => exportJWK((await generateKeyPair("EdDSA", { extractable: true })).publicKey);

beforeAll(async () => {
  // The identity provider runs on loopback, which only the local policy fetches from.
  h = await createHarness({ env: { ROSTER_ALLOW_LOOPBACK_FETCH: "on" } });
  op = await startOidcProvider();
  owner = await h.owner("owner@viewer.example");
  await h.createTenant(owner.accessToken, "acme", "Acme");
  viewer = await h.member(owner.accessToken, "reviewer@viewer.example", "VIEWER");
  const target = await h.activeUser(owner.accessToken, "target@viewer.example", "OPERATOR");
  await h.grant(owner.accessToken, "acme", target.id, "OPERATOR_READONLY");
  ids.target = target.id;
  ids.invited = (await h.invited(owner.accessToken, "pending@viewer.example")).id;
  const client = await h.call("POST", "/v1/api-clients", { token: owner.accessToken, body: { name: "ledger", type: "DELEGATED", scopes: ["users:read"], publicKey: await publicJwk() } });
  expect(client.status).toBe(201);
  ids.client = client.body.id;
  const sso = await h.call("PUT", "/v1/sso", { token: owner.accessToken, body: ssoConfig() });
  expect(sso.status, JSON.stringify(sso.body)).toBe(200);
});

afterAll(async () => {
  await op?.stop();
});

const fill = (path: string) =>
  path
    .replace("{id}", path.startsWith("/v1/api-clients") ? ids.client : ids.target)
    .replace("{slug}", "acme")
    .replace("{userId}", ids.target);

/** Every GET a SUPER_ADMIN may call (API.md: "read SUPER_ADMIN or VIEWER"). */
const READS = [
  "/v1/users",
  "/v1/users/{id}",
  "/v1/audit-events",
  "/v1/tenants",
  "/v1/tenants/{slug}",
  "/v1/memberships",
  "/v1/tenants/{slug}/memberships",
  "/v1/api-clients",
  "/v1/api-clients/{id}",
  "/v1/scim-tokens",
  "/v1/sso",
];

/** Every route that changes something, with a body that would be accepted from a SUPER_ADMIN. */
const WRITES: { method: string; path: string; body?: () => Promise<unknown> | unknown }[] = [
  { method: "POST", path: "/v1/users", body: () => ({ email: "nobody@viewer.example", role: "OPERATOR" }) },
  { method: "DELETE", path: "/v1/users/{id}" },
  { method: "POST", path: "/v1/users/{id}/setup-token" },
  { method: "PUT", path: "/v1/users/{id}/role", body: () => ({ role: "CONTRACTOR" }) },
  { method: "POST", path: "/v1/users/{id}/deactivate" },
  { method: "POST", path: "/v1/users/{id}/reactivate" },
  { method: "POST", path: "/v1/users/{id}/mfa-reset" },
  { method: "POST", path: "/v1/users/{id}/ownership" },
  { method: "POST", path: "/v1/tenants", body: () => ({ slug: "globex", name: "Globex" }) },
  { method: "PUT", path: "/v1/tenants/{slug}/memberships/{userId}", body: () => ({ role: "OPERATOR_FULL" }) },
  { method: "DELETE", path: "/v1/tenants/{slug}/memberships/{userId}" },
  { method: "POST", path: "/v1/tenants/{slug}/invitations", body: () => ({ email: "client@viewer.example", role: "CLIENT_VIEWER" }) },
  { method: "POST", path: "/v1/api-clients", body: async () => ({ name: "mine", type: "DELEGATED", scopes: ["users:read"], publicKey: await publicJwk() }) },
  { method: "POST", path: "/v1/api-clients/{id}/keys", body: async () => ({ publicKey: await publicJwk() }) },
  { method: "POST", path: "/v1/api-clients/{id}/disable" },
  { method: "POST", path: "/v1/api-clients/{id}/enable" },
  { method: "POST", path: "/v1/scim-tokens", body: () => ({ name: "Okta" }) },
  { method: "DELETE", path: "/v1/scim-tokens/{id}" },
  { method: "PUT", path: "/v1/sso", body: () => ({ ...ssoConfig(), enforced: true }) },
  { method: "DELETE", path: "/v1/sso" },
];

/** Routes open to anyone, or a person's own, or a SCIM directory's (its token, no person's): not a question of global role. */
const NOT_ROLE_BOUND = /^\/(health|openapi\.json|\.well-known\/|oauth\/|v1\/setup\/|v1\/auth\/|v1\/me\b|v1\/portal\/|scim\/v2\/|v1\/sso\/(start|callback)$)/;

describe("a VIEWER", () => {
  it("is invited like anyone, and its role says VIEWER in the API and in the OpenAPI document", async () => {
    expect(viewer.user.role).toBe("VIEWER");
    expect((await h.call("GET", "/v1/me", { token: viewer.accessToken })).body).toMatchObject({ role: "VIEWER", memberships: [] });
    const doc = (await h.call("GET", "/openapi.json")).body;
    expect(JSON.stringify(doc.paths["/v1/users"].post)).toContain("VIEWER");
    expect(doc.components.schemas.User.properties.role.enum).toContain("VIEWER");
  });

  it("covers every role-bound route of the OpenAPI document in the tables below", async () => {
    const doc = (await h.call("GET", "/openapi.json")).body as { paths: Record<string, Record<string, unknown>> };
    const listed = [...READS.map((path) => `GET ${path}`), ...WRITES.map((w) => `${w.method} ${w.path}`)].sort();
    const documented = Object.entries(doc.paths)
      .filter(([path]) => !NOT_ROLE_BOUND.test(path))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(listed).toEqual(documented);
  });

  it.each(READS)("reads GET %s as a SUPER_ADMIN does", async (path) => {
    const [asOwner, asViewer] = [await h.call("GET", fill(path), { token: owner.accessToken }), await h.call("GET", fill(path), { token: viewer.accessToken })];
    expect(asOwner.status).toBe(200);
    expect(asViewer.status, JSON.stringify(asViewer.body)).toBe(200);
    // The same answer, but for what moves between two reads of the audit trail (the reads' own events are none).
    if (path !== "/v1/audit-events") expect(asViewer.body).toEqual(asOwner.body);
  });

  it.each(WRITES)("is refused $method $path with 403 auth.forbidden, and nothing changes", async ({ method, path, body }) => {
    const before = (await h.auditEvents()).length;
    const res = await h.call(method, fill(path), { token: viewer.accessToken, body: await body?.() });
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(res.body.code).toBe("auth.forbidden");
    expect((await h.auditEvents()).length).toBe(before);
  });

  it("reaches every tenant read-only, but is no member of any: no portal", async () => {
    expect((await h.call("GET", "/v1/tenants/acme/memberships", { token: viewer.accessToken })).body.items).toHaveLength(1);
    expect((await h.call("GET", "/v1/audit-events?tenant=acme", { token: viewer.accessToken })).status).toBe(200);
    expect((await h.call("GET", "/v1/portal/acme", { token: viewer.accessToken })).status).toBe(404);
  });

  it("holds no memberships: a grant is 400 membership.role_mismatch, and a member cannot become one", async () => {
    const grant = await h.call("PUT", `/v1/tenants/acme/memberships/${viewer.id}`, { token: owner.accessToken, body: { role: "OPERATOR_READONLY" } });
    expect(grant.status).toBe(400);
    expect(grant.body.code).toBe("membership.role_mismatch");
    const promote = await h.call("PUT", `/v1/users/${ids.target}/role`, { token: owner.accessToken, body: { role: "VIEWER" } });
    expect(promote.status).toBe(409);
    expect(promote.body.code).toBe("membership.role_mismatch");
  });

  it("manages its own account: password, personal access tokens, which read and never write", async () => {
    const created = await h.call("POST", "/v1/me/tokens", { token: viewer.accessToken, body: { name: "audit export", expiresInDays: 30 } });
    expect(created.status).toBe(201);
    const pat = created.body.token as string;
    expect((await h.call("GET", "/v1/me/tokens", { token: viewer.accessToken })).body.items).toHaveLength(1);
    expect((await h.call("GET", "/v1/users", { token: pat })).status).toBe(200);
    const write = await h.call("POST", "/v1/tenants", { token: pat, body: { slug: "by-token", name: "By Token" } });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe("auth.forbidden");
    expect((await h.call("DELETE", `/v1/me/tokens/${created.body.id}`, { token: viewer.accessToken })).status).toBe(204);

    const changed = await h.call("POST", "/v1/me/password", { token: viewer.accessToken, body: { currentPassword: GOOD_PASSWORD, newPassword: "violet harbor quill tundra 58" } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(204);
  });

  it("becomes one by a role change, and stops being one the same way", async () => {
    const person = await h.member(owner.accessToken, "analyst@viewer.example", "OPERATOR");
    expect((await h.call("GET", "/v1/users", { token: person.accessToken })).status).toBe(403);
    expect((await h.call("PUT", `/v1/users/${person.id}/role`, { token: owner.accessToken, body: { role: "VIEWER" } })).body.role).toBe("VIEWER");
    expect((await h.call("GET", "/v1/users", { token: person.accessToken })).status).toBe(200);
    expect((await h.call("PUT", `/v1/users/${person.id}/role`, { token: owner.accessToken, body: { role: "OPERATOR" } })).body.role).toBe("OPERATOR");
    expect((await h.call("GET", "/v1/users", { token: person.accessToken })).status).toBe(403);
  });
});
