import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { Sso } from "@roster/core";
import { Keys } from "@roster/core/store/keys";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePorts } from "../../packages/local/src/free-port";
import { startOidcProvider, type OidcProvider } from "../fixtures/oidc-provider";
import { createHarness, PUBLIC_URL, type Harness } from "../harness";
import { clientToken, registeredClient } from "./roster-tokens";

type Res = Awaited<ReturnType<Harness["call"]>>;
type Person = { accessToken: string; email: string; id: string };

/** Short, so a provider that never answers costs the test half a second. */
const SSO_TIMEOUT_MS = 500;

let h: Harness;
let op: OidcProvider;
let admin: Person;
let viewer: Person;
let operator: Person;
let adminPat: string;
let clientAccess: string;

beforeAll(async () => {
  h = await createHarness({ env: { ROSTER_ALLOW_LOOPBACK_FETCH: "on", ROSTER_SSO_TIMEOUT_MS: String(SSO_TIMEOUT_MS) } });
  op = await startOidcProvider();
  const owner = await h.owner("owner@sso.example");
  admin = { accessToken: owner.accessToken, email: owner.email, id: owner.user.id };
  [viewer, operator] = await Promise.all([h.member(admin.accessToken, "viewer@sso.example", "VIEWER"), h.member(admin.accessToken, "operator@sso.example", "OPERATOR")]);
  await Promise.all([h.createTenant(admin.accessToken, "acme-bank"), h.createTenant(admin.accessToken, "globex")]);
  const pat = await h.call("POST", "/v1/me/tokens", { token: admin.accessToken, body: { name: "script", expiresInDays: 30 } });
  expect(pat.status).toBe(201);
  adminPat = pat.body.token;
  // A DELEGATED client with every scope there is: none of them reaches single sign-on.
  const { credentials } = await registeredClient(h, admin.accessToken, ["users:read", "users:write", "memberships:read", "memberships:write", "tenants:read", "tenants:write", "audit:read", "api-clients:read"]);
  clientAccess = await clientToken(h, credentials);
});

afterAll(async () => {
  await op?.stop();
});

const ROLES = [
  { group: "roster-admins", role: "SUPER_ADMIN" },
  { group: "ops", role: "OPERATOR" },
  { group: "acme-clients", role: "CLIENT_USER" },
];
const MEMBERSHIPS = [
  { group: "ops", tenant: "acme-bank", role: "OPERATOR_FULL" },
  { group: "acme-clients", tenant: "acme-bank", role: "CLIENT_ADMIN" },
  // A group that gives a membership and no role: its people get their role from another group.
  { group: "globex-team", tenant: "globex", role: "OPERATOR_READONLY" },
];

const configBody = (overrides: Record<string, unknown> = {}) => ({
  issuer: op.issuer,
  clientId: op.clientId,
  clientSecret: op.clientSecret,
  roles: ROLES,
  memberships: MEMBERSHIPS,
  enforced: false,
  ...overrides,
});

const getConfig = (token = admin.accessToken) => h.call("GET", "/v1/sso", { token });
const putConfig = (body: unknown, token = admin.accessToken) => h.call("PUT", "/v1/sso", { token, body });
const deleteConfig = (token = admin.accessToken) => h.call("DELETE", "/v1/sso", { token });

function expectProblem(res: Res, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe(code);
}

/** Starts every test that needs it from no configuration at all. */
async function unconfigured() {
  const res = await deleteConfig();
  expect([204, 404]).toContain(res.status);
}

async function configured(overrides: Record<string, unknown> = {}) {
  const res = await putConfig(configBody(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** The stored item, read behind the API's back. */
async function storedItem() {
  const { Item } = await h.direct.doc.send(new GetCommand({ TableName: h.direct.table, Key: Keys.sso() }));
  return Item;
}

/**
 * The audit events written since `mark` (the ids there were then). Not by position: the test
 * clock stands still, so events of one instant sort by their random ids.
 */
async function eventsSince(mark: Set<string>) {
  return (await h.auditEvents()).filter((event) => !mark.has(event.id));
}
const eventCount = async () => new Set<string>((await h.auditEvents()).map((event) => event.id));

describe("GET /v1/sso", () => {
  it("answers 404 sso.not_configured until a configuration is stored, to admins and viewers alike", async () => {
    await unconfigured();
    expectProblem(await getConfig(), 404, "sso.not_configured");
    expectProblem(await getConfig(viewer.accessToken), 404, "sso.not_configured");
  });

  it("shows a SUPER_ADMIN and a VIEWER the configuration, never its secret, in two round trips", async () => {
    await unconfigured();
    const put = await configured();
    for (const token of [admin.accessToken, viewer.accessToken, adminPat]) {
      const res = await getConfig(token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(put);
      expect(JSON.stringify(res.body)).not.toContain(op.clientSecret);
      expect(res.calls).toBe(2);
    }
  });

  it("refuses people who hold no SSO permission, and anyone not signed in", async () => {
    await configured();
    expectProblem(await getConfig(operator.accessToken), 403, "auth.forbidden");
    expectProblem(await getConfig(clientAccess), 403, "auth.forbidden");
    expectProblem(await h.call("GET", "/v1/sso"), 401, "auth.unauthenticated");
  });
});

describe("PUT /v1/sso", () => {
  it("checks the provider's discovery document, stores the configuration and answers it, in three round trips", async () => {
    await unconfigured();
    const mark = await eventCount();
    const res = await putConfig(configBody());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      issuer: op.issuer,
      clientId: op.clientId,
      clientSecretSet: true,
      groupsClaim: "groups",
      roles: ROLES,
      memberships: MEMBERSHIPS,
      enforced: false,
      redirectUri: `${PUBLIC_URL}/v1/sso/callback`,
      version: 1,
      updatedAt: h.clock.now().toISOString(),
      updatedBy: { id: admin.id, email: admin.email },
    });
    expect(res.calls).toBe(3);
    expect(JSON.stringify(res.body)).not.toContain(op.clientSecret);

    const events = await eventsSince(mark);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "SSO_CONFIGURED",
      actor: { type: "user", id: admin.id, email: admin.email },
      target: { type: "sso", id: "sso" },
      tenant: null,
      changes: {
        issuer: { before: null, after: op.issuer },
        clientId: { before: null, after: op.clientId },
        clientSecretChanged: { before: false, after: true },
        groupsClaim: { before: null, after: "groups" },
        roles: { before: null, after: ROLES },
        memberships: { before: null, after: MEMBERSHIPS },
        enforced: { before: null, after: false },
        authorizationOrigin: { before: null, after: op.issuer },
      },
    });
    expect(JSON.stringify(events)).not.toContain(op.clientSecret);
  });

  it("seals the client secret at rest, for this issuer and client only", async () => {
    await unconfigured();
    await configured();
    const item = await storedItem();
    expect(item).toBeDefined();
    expect(JSON.stringify(item)).not.toContain(op.clientSecret);
    expect(item!.sealedClientSecret).toMatch(/^v1\./);
    expect(h.deps.secretBox.open(item!.sealedClientSecret, Sso.secretBinding(op.issuer, op.clientId))).toBe(op.clientSecret);
    // Copied onto a configuration for another provider, it does not open.
    expect(() => h.deps.secretBox.open(item!.sealedClientSecret, Sso.secretBinding("https://evil.example", op.clientId))).toThrow();
  });

  it("records only what changed; an omitted secret is kept; a PUT that changes nothing writes nothing", async () => {
    await unconfigured();
    await configured();
    const stored = (await storedItem())!.sealedClientSecret;

    let mark = await eventCount();
    const { clientSecret: _omitted, ...withoutSecret } = configBody({ enforced: true, groupsClaim: "roster_groups" });
    const changed = await putConfig(withoutSecret);
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ enforced: true, groupsClaim: "roster_groups", clientSecretSet: true, version: 2 });
    expect((await storedItem())!.sealedClientSecret).toBe(stored);
    const [event, ...more] = await eventsSince(mark);
    expect(more).toEqual([]);
    expect(event.changes).toEqual({ enforced: { before: false, after: true }, groupsClaim: { before: "groups", after: "roster_groups" } });

    mark = await eventCount();
    const again = await putConfig(withoutSecret);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(changed.body);
    // The same secret sent again is no change either.
    expect((await putConfig({ ...withoutSecret, clientSecret: op.clientSecret })).body.version).toBe(2);
    expect(await eventsSince(mark)).toEqual([]);
  });

  it("says that the secret changed, or went, and never what it is", async () => {
    await unconfigured();
    await configured();
    let mark = await eventCount();
    const rotated = await putConfig(configBody({ clientSecret: "a-new-secret-from-the-provider" }));
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect((await eventsSince(mark))[0].changes).toEqual({ clientSecretChanged: { before: true, after: true } });

    mark = await eventCount();
    const cleared = await putConfig(configBody({ clientSecret: null }));
    expect(cleared.body.clientSecretSet).toBe(false);
    expect((await storedItem())!.sealedClientSecret).toBeUndefined();
    expect((await eventsSince(mark))[0].changes).toEqual({ clientSecretChanged: { before: true, after: false } });
    expect(JSON.stringify(await h.auditEvents())).not.toContain("a-new-secret-from-the-provider");
  });

  it("sends no stored secret to another client: a new client id needs the secret again", async () => {
    await unconfigured();
    await configured();
    const { clientSecret: _omitted, ...withoutSecret } = configBody({ clientId: "another-client" });
    const res = await putConfig(withoutSecret);
    expectProblem(res, 400, "sso.client_secret_required");
    expect(res.body.errors).toEqual([{ path: "clientSecret", message: expect.any(String) }]);
    // Given again, or cleared, it is accepted.
    expect((await putConfig({ ...withoutSecret, clientSecret: null })).status).toBe(200);
  });

  it("may be configured without a secret at all (a public client, PKCE alone)", async () => {
    await unconfigured();
    const { clientSecret: _omitted, ...withoutSecret } = configBody();
    const res = await putConfig(withoutSecret);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.clientSecretSet).toBe(false);
    expect((await storedItem())!.sealedClientSecret).toBeUndefined();
  });

  describe("who may", () => {
    it("refuses a VIEWER, an OPERATOR and an API client (auth.forbidden), and a SUPER_ADMIN's personal access token (auth.session_required)", async () => {
      await unconfigured();
      const mark = await eventCount();
      expectProblem(await putConfig(configBody(), viewer.accessToken), 403, "auth.forbidden");
      expectProblem(await putConfig(configBody(), operator.accessToken), 403, "auth.forbidden");
      expectProblem(await putConfig(configBody(), adminPat), 403, "auth.session_required");
      expectProblem(await putConfig(configBody(), clientAccess), 403, "auth.forbidden");
      expectProblem(await h.call("PUT", "/v1/sso", { body: configBody() }), 401, "auth.unauthenticated");
      expectProblem(await getConfig(), 404, "sso.not_configured");
      expect(await eventsSince(mark)).toEqual([]);
    });
  });

  describe("validation", () => {
    const invalid: [string, Record<string, unknown>, string][] = [
      ["no issuer", { issuer: undefined }, "issuer"],
      ["an issuer that is not a URL", { issuer: "login.example.com" }, "issuer"],
      ["an issuer with a query", { issuer: "https://login.example.com/?tenant=1" }, "issuer"],
      ["an issuer with a fragment", { issuer: "https://login.example.com/#x" }, "issuer"],
      ["an issuer of another scheme", { issuer: "ftp://login.example.com" }, "issuer"],
      ["an empty client id", { clientId: "" }, "clientId"],
      ["an empty client secret", { clientSecret: "" }, "clientSecret"],
      ["a role that does not exist", { roles: [{ group: "x", role: "GOD" }] }, "roles.0.role"],
      ["a group mapped to two roles", { roles: [...ROLES, { group: "ops", role: "CONTRACTOR" }] }, "roles.3"],
      ["a tenant role that does not exist", { memberships: [{ group: "ops", tenant: "acme-bank", role: "OWNER" }] }, "memberships.0.role"],
      ["a slug that cannot be one", { memberships: [{ group: "ops", tenant: "Acme Bank", role: "OPERATOR_FULL" }] }, "memberships.0.tenant"],
      [
        "a group mapped twice in one tenant",
        { memberships: [...MEMBERSHIPS, { group: "ops", tenant: "acme-bank", role: "OPERATOR_READONLY" }] },
        "memberships.3",
      ],
      ["no enforced flag", { enforced: undefined }, "enforced"],
      ["an empty group name", { roles: [{ group: " ", role: "OPERATOR" }] }, "roles.0.group"],
    ];

    it.each(invalid)("refuses %s with 400 request.invalid naming the field", async (_name, overrides, path) => {
      const res = await putConfig(configBody(overrides));
      expectProblem(res, 400, "request.invalid");
      expect(res.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    });

    it("refuses an issuer Roster may not fetch from (http off loopback, private and metadata addresses)", async () => {
      for (const issuer of ["http://login.example.com", "https://10.0.0.7", "https://169.254.169.254/latest"]) {
        const res = await putConfig(configBody({ issuer }));
        expectProblem(res, 400, "request.invalid");
        expect(res.body.errors).toEqual([{ path: "issuer", message: expect.any(String) }]);
      }
    });

    it("refuses a tenant that does not exist with sso.unknown_tenant, naming the mapping", async () => {
      const res = await putConfig(configBody({ memberships: [...MEMBERSHIPS, { group: "initech", tenant: "initech", role: "CLIENT_VIEWER" }] }));
      expectProblem(res, 400, "sso.unknown_tenant");
      expect(res.body.errors).toEqual([{ path: "memberships.3.tenant", message: expect.stringContaining("initech") }]);
    });

    it("refuses a tenant role that the group's own role cannot hold with sso.role_mismatch", async () => {
      for (const [membership, path] of [
        [{ group: "ops", tenant: "acme-bank", role: "CLIENT_ADMIN" }, "memberships.0.role"],
        [{ group: "acme-clients", tenant: "globex", role: "OPERATOR_FULL" }, "memberships.0.role"],
        // SUPER_ADMINs reach every tenant and hold no memberships.
        [{ group: "roster-admins", tenant: "globex", role: "OPERATOR_FULL" }, "memberships.0.role"],
      ] as const) {
        const res = await putConfig(configBody({ memberships: [membership] }));
        expectProblem(res, 400, "sso.role_mismatch");
        expect(res.body.errors).toEqual([{ path, message: expect.stringContaining(membership.group) }]);
      }
    });

    it("refuses a group mapped to CONTRACTOR with sso.role_mismatch: a contractor's access needs an end an IdP group does not have", async () => {
      const res = await putConfig(configBody({ roles: [...ROLES, { group: "contractors", role: "CONTRACTOR" }], memberships: [] }));
      expectProblem(res, 400, "sso.role_mismatch");
      expect(res.body.errors).toEqual([{ path: "roles.3.role", message: expect.stringContaining("CONTRACTOR") }]);
    });

    it("writes nothing when it refuses", async () => {
      await unconfigured();
      const mark = await eventCount();
      await putConfig(configBody({ memberships: [{ group: "x", tenant: "initech", role: "CLIENT_VIEWER" }] }));
      await putConfig(configBody({ roles: [{ group: "x", role: "GOD" }] }));
      expectProblem(await getConfig(), 404, "sso.not_configured");
      expect(await storedItem()).toBeUndefined();
      expect(await eventsSince(mark)).toEqual([]);
    });
  });

  describe("an issuer that is no usable provider", () => {
    let server: Server;
    let origin: string;

    beforeAll(async () => {
      server = createServer((req, res) => {
        const path = req.url ?? "";
        // Never answers: the request must give up within the SSO timeout, not hang.
        if (path.startsWith("/stalled/")) return;
        if (path.startsWith("/html/")) return void res.writeHead(200, { "Content-Type": "text/html" }).end("<html>Sign in</html>");
        if (path.startsWith("/broken/")) return void res.writeHead(200, { "Content-Type": "application/json" }).end("{not json");
        if (path.startsWith("/impostor/")) {
          // A real provider's document served from another address: its issuer is not the one given.
          return void fetch(`${op.issuer}/.well-known/openid-configuration`)
            .then((answer) => answer.text())
            .then((text) => res.writeHead(200, { "Content-Type": "application/json" }).end(text));
        }
        res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    async function expectUnreachable(issuer: string, reason: RegExp) {
      await unconfigured();
      const mark = await eventCount();
      const started = Date.now();
      const res = await putConfig(configBody({ issuer }));
      expectProblem(res, 400, "sso.issuer_unreachable");
      expect(res.body.detail).toMatch(reason);
      expect(res.body.errors).toEqual([{ path: "issuer", message: res.body.detail }]);
      expect(Date.now() - started).toBeLessThan(SSO_TIMEOUT_MS + 2000);
      expect(await storedItem()).toBeUndefined();
      expect(await eventsSince(mark)).toEqual([]);
    }

    it("a closed port", async () => {
      const [closed] = await findFreePorts(1);
      await expectUnreachable(`http://127.0.0.1:${closed}`, /ECONNREFUSED/);
    });

    it("a server that never answers", async () => {
      await expectUnreachable(`${origin}/stalled/idp`, new RegExp(`within ${SSO_TIMEOUT_MS} ms`));
    });

    it("an answer that is not JSON", async () => {
      await expectUnreachable(`${origin}/html/idp`, /not JSON/);
      await expectUnreachable(`${origin}/broken/idp`, /not JSON/);
    });

    it("a document whose issuer is another", async () => {
      await expectUnreachable(`${origin}/impostor/idp`, /another issuer/);
    });

    it("no discovery document there", async () => {
      await expectUnreachable(`${origin}/nothing/here`, /answered 404/);
    });
  });
});

describe("DELETE /v1/sso", () => {
  it("removes the configuration with its SSO_REMOVED event, in two round trips", async () => {
    await configured();
    const mark = await eventCount();
    const res = await deleteConfig();
    expect(res.status).toBe(204);
    expect(res.calls).toBe(2);
    expect(await storedItem()).toBeUndefined();
    expectProblem(await getConfig(), 404, "sso.not_configured");
    const events = await eventsSince(mark);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "SSO_REMOVED", actor: { type: "user", id: admin.id, email: admin.email }, target: { type: "sso", id: "sso" }, changes: null });
  });

  it("answers 404 sso.not_configured when there is nothing to remove, and records nothing", async () => {
    await unconfigured();
    const mark = await eventCount();
    expectProblem(await deleteConfig(), 404, "sso.not_configured");
    expect(await eventsSince(mark)).toEqual([]);
  });

  it("is for a SUPER_ADMIN from a session only", async () => {
    await configured();
    expectProblem(await deleteConfig(viewer.accessToken), 403, "auth.forbidden");
    expectProblem(await deleteConfig(operator.accessToken), 403, "auth.forbidden");
    expectProblem(await deleteConfig(adminPat), 403, "auth.session_required");
    expectProblem(await deleteConfig(clientAccess), 403, "auth.forbidden");
    expect((await getConfig()).status).toBe(200);
  });
});

describe("concurrent changes", () => {
  it("lose no update silently: each write that answers 200 is one version and one audit event, the rest hear 409", async () => {
    await unconfigured();
    const start = (await configured()).version;
    const mark = await eventCount();
    const written: number[] = [];
    for (let round = 0; round < 4; round++) {
      // Each body differs from every other and from what is stored: every write that lands is a change.
      const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => putConfig(configBody({ groupsClaim: `groups-${round}-${i}` }))));
      for (const res of answers) {
        if (res.status === 200) {
          written.push(res.body.version);
          continue;
        }
        // The loser of a version race, or of a transaction DynamoDB was running on the same item.
        expect(res.status, JSON.stringify(res.body)).toBe(409);
        expect(["sso.changed", "request.conflict"]).toContain(res.body.code);
      }
    }
    // Every round wrote at least once, and the writes did race (else this tested nothing).
    expect(written.length).toBeGreaterThanOrEqual(4);
    expect(written.length).toBeLessThan(20);
    // No two answers claim one version, and the versions run on without a gap.
    expect([...written].sort((a, b) => a - b)).toEqual(Array.from({ length: written.length }, (_, i) => start + 1 + i));
    const events = (await eventsSince(mark)).filter((event) => event.type === "SSO_CONFIGURED");
    expect(events).toHaveLength(written.length);
    const stored = await storedItem();
    expect(stored!.version).toBe(start + written.length);
    // The events chain: each starts from what the one before left (the clock stands still, so the
    // trail's order is no guide), and the chain ends at what is stored.
    const next = new Map<string, string>(events.map((event) => [event.changes.groupsClaim.before, event.changes.groupsClaim.after]));
    expect(next.size).toBe(events.length);
    let claim = "groups";
    for (let step = 0; step < events.length; step++) claim = next.get(claim)!;
    expect(claim).toBe(stored!.groupsClaim);
  });
});

describe("the in-process provider (test/fixtures/oidc-provider.ts)", () => {
  const authorize = (params: Record<string, string>) =>
    fetch(`${op.issuer}/auth?${new URLSearchParams({ client_id: op.clientId, redirect_uri: op.redirectUri, response_type: "code", scope: "openid email groups", state: "s", nonce: "n", ...params })}`, {
      redirect: "manual",
    });

  it("publishes what Roster's sign-in needs: code flow, S256, the claims", async () => {
    const doc = (await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json()) as { claims_supported: string[] };
    expect(doc).toMatchObject({ issuer: op.issuer, response_types_supported: expect.arrayContaining(["code"]), code_challenge_methods_supported: ["S256"] });
    expect(doc.claims_supported).toEqual(expect.arrayContaining(["email", "email_verified", "groups"]));
  });

  it("requires PKCE, and lets a request with it on to its login page", async () => {
    const without = await authorize({});
    expect(without.status).toBe(303);
    expect(new URL(without.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");
    const withPkce = await authorize({ code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256" });
    expect(withPkce.status).toBe(303);
    expect(withPkce.headers.get("location")).toMatch(/^\/interaction\//);
  });
});
