import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { Audit } from "@roster/core";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";

/**
 * SCIM directory tokens (`/v1/scim-tokens`): a SUPER_ADMIN makes them from a signed-in session,
 * sees them listed without their secrets, and revokes them; each change is audited in its own
 * transaction. What the tokens do on /scim/v2 is scim-auth.test.ts.
 */

type Res = Awaited<ReturnType<Harness["call"]>>;
type Person = Awaited<ReturnType<Harness["member"]>>;

const TOKEN_FORMAT = /^rscim\.(scim_[0-9a-z]{24})\.([A-Za-z0-9_-]{43})$/;

let h: Harness;
let owner: Person;
let viewer: Person;
let operator: Person;

beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner("owner@scim-tokens.example");
  viewer = await h.member(owner.accessToken, "viewer@scim-tokens.example", "VIEWER");
  operator = await h.member(owner.accessToken, "operator@scim-tokens.example", "OPERATOR");
});

const createToken = (token: string, body: unknown = { name: "Okta" }) => h.call("POST", "/v1/scim-tokens", { token, body });
const listTokens = (token: string, query = "") => h.call("GET", `/v1/scim-tokens${query}`, { token });
const revokeToken = (token: string, id: string) => h.call("DELETE", `/v1/scim-tokens/${encodeURIComponent(id)}`, { token });
const serviceConfig = (token: string) => h.call("GET", "/scim/v2/ServiceProviderConfig", { token });

async function created(body?: unknown): Promise<{ id: string; name: string; token: string }> {
  const res = await createToken(owner.accessToken, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

function expectProblem(res: Res, status: number, code: string) {
  expect({ status: res.status, code: res.body?.code }, JSON.stringify(res.body)).toEqual({ status, code });
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
}

const storedItem = async (id: string) =>
  (await h.deps.db.doc.send(new GetCommand({ TableName: h.table, Key: { pk: "SCIM_TOKENS", sk: `TOKEN#${id}` }, ConsistentRead: true }))).Item;

const seenEvents = async () => new Set((await h.auditEvents()).map((e) => e.id as string));
const eventsSince = async (before: Set<string>) => (await h.auditEvents()).filter((e) => !before.has(e.id)).map(Audit.toAuditEvent);

/** A personal access token of the person, made from their session. */
async function patOf(person: Person) {
  const res = await h.call("POST", "/v1/me/tokens", { token: person.accessToken, body: { name: "script", expiresInDays: 30 } });
  expect(res.status).toBe(201);
  return res.body.token as string;
}

/** Background bookkeeping (lastUsedAt) lands shortly after the answer: wait for it, briefly. */
async function eventually(check: () => Promise<void>, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe("POST /v1/scim-tokens", () => {
  it("shows the token once, stores only its SHA-256, and audits it in the same transaction", async () => {
    const before = await seenEvents();
    let res: Res | undefined;
    const commands = await h.recordCommands(async () => {
      res = await createToken(owner.accessToken, { name: "  Okta provisioning  " });
    });
    expect(res!.status, JSON.stringify(res!.body)).toBe(201);
    expect(res!.body).toEqual({
      id: expect.stringMatching(/^scim_[0-9a-z]{24}$/),
      name: "Okta provisioning",
      createdAt: h.clock.now().toISOString(),
      createdBy: { id: owner.id, email: owner.email },
      expiresAt: null,
      lastUsedAt: null,
      token: expect.stringMatching(TOKEN_FORMAT),
    });
    expect(res!.headers.get("cache-control")).toMatch(/no-store/);
    // Authentication, then one transaction.
    expect(res!.calls).toBe(2);
    const writes = commands.filter((c) => /Put|Update|Delete|Transact/.test(c.command));
    expect(writes.map((c) => c.command)).toEqual(["TransactWriteItemsCommand"]);
    type Written = { Put?: { Item: Record<string, unknown> } };
    const items = writes[0]!.input.TransactItems as Written[];
    expect(items.map((i) => i.Put?.Item.entity).filter(Boolean).sort()).toEqual(["AuditEvent", "ScimToken"]);

    const [, tokenId, secret] = TOKEN_FORMAT.exec(res!.body.token)!;
    expect(tokenId).toBe(res!.body.id);
    const stored = await storedItem(tokenId!);
    expect(stored?.tokenHash).toBe(createHash("sha256").update(secret!).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(secret!);
    expect(stored).not.toHaveProperty("ttl");

    const events = await eventsSince(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "SCIM_TOKEN_CREATED",
      actor: { type: "user", id: owner.id, email: owner.email },
      target: { type: "scim_token", id: tokenId },
      changes: null,
    });
  });

  it("takes an optional expiry, 1–3650 days", async () => {
    const res = await createToken(owner.accessToken, { name: "Entra", expiresInDays: 90 });
    expect(res.status).toBe(201);
    expect(res.body.expiresAt).toBe(new Date(h.clock.now().getTime() + 90 * 86_400_000).toISOString());
    expect((await storedItem(res.body.id))?.ttl).toBe(Math.floor(Date.parse(res.body.expiresAt) / 1000));
    for (const body of [{ name: "x", expiresInDays: 0 }, { name: "x", expiresInDays: 3651 }, { name: "x", expiresInDays: 1.5 }, { name: "  " }, {}, { name: "n".repeat(101) }]) {
      expectProblem(await createToken(owner.accessToken, body), 400, "request.invalid");
    }
  });

  it("is a SUPER_ADMIN's, from a session: a VIEWER and an OPERATOR are refused, and so is a SUPER_ADMIN's personal access token", async () => {
    const before = await seenEvents();
    expectProblem(await createToken(viewer.accessToken), 403, "auth.forbidden");
    expectProblem(await createToken(operator.accessToken), 403, "auth.forbidden");
    expectProblem(await createToken(await patOf(owner)), 403, "auth.session_required");
    expectProblem(await h.call("POST", "/v1/scim-tokens", { body: { name: "x" } }), 401, "auth.unauthenticated");
    // Nothing but the PAT's own creation was recorded.
    expect((await eventsSince(before)).map((e) => e.type)).toEqual(["PAT_CREATED"]);
  });
});

describe("GET /v1/scim-tokens", () => {
  it("lists newest first, never a secret, to a SUPER_ADMIN and a VIEWER, in one round trip after authentication", async () => {
    const a = await created({ name: "first" });
    h.clock.advance(1000);
    const b = await created({ name: "second" });
    const res = await listTokens(owner.accessToken);
    expect(res.status).toBe(200);
    expect(res.calls).toBe(2);
    const ids = res.body.items.map((t: { id: string }) => t.id);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
    expect(ids.indexOf(b.id)).toBe(0);
    expect(res.body.nextCursor).toBeNull();
    for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual(["createdAt", "createdBy", "expiresAt", "id", "lastUsedAt", "name"]);
    expect(JSON.stringify(res.body)).not.toContain(b.token.split(".")[2]);
    expect(JSON.stringify(res.body)).not.toMatch(/tokenHash|rscim\./);

    const asViewer = await listTokens(viewer.accessToken);
    expect(asViewer.status).toBe(200);
    expect(asViewer.body).toEqual(res.body);
    // Reading is not making: a personal access token may.
    expect((await listTokens(await patOf(owner))).status).toBe(200);
    expectProblem(await listTokens(operator.accessToken), 403, "auth.forbidden");
  });

  it("pages with limit and cursor", async () => {
    await created({ name: "p1" });
    await created({ name: "p2" });
    await created({ name: "p3" });
    const all = (await listTokens(owner.accessToken, "?limit=100")).body.items.map((t: { id: string }) => t.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Res = await listTokens(owner.accessToken, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((t: { id: string }) => t.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expectProblem(await listTokens(owner.accessToken, "?cursor=bogus"), 400, "request.invalid");
    expectProblem(await listTokens(owner.accessToken, "?limit=0"), 400, "request.invalid");
  });

  it("shows when a token was last used, to the minute", async () => {
    const token = await created({ name: "used" });
    expect((await serviceConfig(token.token)).status).toBe(200);
    const usedAt = h.clock.now().toISOString();
    await eventually(async () => {
      const item = (await listTokens(owner.accessToken)).body.items.find((t: { id: string }) => t.id === token.id);
      expect(item.lastUsedAt).toBe(usedAt);
    });
  });
});

describe("DELETE /v1/scim-tokens/{id}", () => {
  it("revokes at once, audited in the same transaction, and then is 404", async () => {
    const token = await created({ name: "to revoke" });
    expect((await serviceConfig(token.token)).status).toBe(200);
    const before = await seenEvents();
    let res: Res | undefined;
    const commands = await h.recordCommands(async () => {
      res = await revokeToken(owner.accessToken, token.id);
    });
    expect(res!.status, JSON.stringify(res!.body)).toBe(204);
    expect(res!.calls).toBe(2);
    expect(commands.filter((c) => /Put|Update|Delete|Transact/.test(c.command)).map((c) => c.command)).toEqual(["TransactWriteItemsCommand"]);
    expect(await storedItem(token.id)).toBeUndefined();
    expect((await serviceConfig(token.token)).status).toBe(401);
    expect((await listTokens(owner.accessToken)).body.items.map((t: { id: string }) => t.id)).not.toContain(token.id);

    const events = await eventsSince(before);
    expect(events.map((e) => [e.type, e.actor, e.target])).toEqual([["SCIM_TOKEN_REVOKED", { type: "user", id: owner.id, email: owner.email }, { type: "scim_token", id: token.id }]]);

    expectProblem(await revokeToken(owner.accessToken, token.id), 404, "scim_token.not_found");
    expectProblem(await revokeToken(owner.accessToken, "scim_000000000000000000000000"), 404, "scim_token.not_found");
    expectProblem(await revokeToken(owner.accessToken, "anything else"), 404, "scim_token.not_found");
  });

  it("is a SUPER_ADMIN's, from a session: a VIEWER, an OPERATOR and a personal access token are refused, and the token keeps working", async () => {
    const token = await created({ name: "kept" });
    expectProblem(await revokeToken(viewer.accessToken, token.id), 403, "auth.forbidden");
    expectProblem(await revokeToken(operator.accessToken, token.id), 403, "auth.forbidden");
    expectProblem(await revokeToken(await patOf(owner), token.id), 403, "auth.session_required");
    expectProblem(await h.call("DELETE", `/v1/scim-tokens/${token.id}`), 401, "auth.unauthenticated");
    expect((await serviceConfig(token.token)).status).toBe(200);
  });

  it("race: one token revoked 5 times at once → exactly one 204 and one SCIM_TOKEN_REVOKED, the rest 404", async () => {
    for (let round = 0; round < 3; round++) {
      const token = await created({ name: `race ${round}` });
      const results = await Promise.all(Array.from({ length: 5 }, () => revokeToken(owner.accessToken, token.id)));
      expect(results.map((r) => r.status).sort()).toEqual([204, 404, 404, 404, 404]);
      expect((await h.auditEvents()).filter((e) => e.type === "SCIM_TOKEN_REVOKED" && e.target.id === token.id)).toHaveLength(1);
    }
  });
});

describe("the OpenAPI document", () => {
  it("documents the token routes under the SCIM tag, bearer-secured", async () => {
    const doc = (await h.call("GET", "/openapi.json")).body;
    expect(doc.tags.map((t: { name: string }) => t.name)).toContain("SCIM");
    for (const [path, method] of [["/v1/scim-tokens", "post"], ["/v1/scim-tokens", "get"], ["/v1/scim-tokens/{id}", "delete"]] as const) {
      expect(doc.paths[path][method].tags, `${method} ${path}`).toEqual(["SCIM"]);
      expect(doc.paths[path][method].security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
    }
    expect(doc.paths["/v1/scim-tokens"].post.description).toMatch(/session_required/);
    expect(doc.paths["/v1/scim-tokens/{id}"].delete.responses["404"]).toBeDefined();
  });
});
