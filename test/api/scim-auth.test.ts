import { beforeAll, describe, expect, it } from "vitest";
import { dynamoEndpoint } from "../dynamo-endpoint";
import { FAULT_BUDGET_ENV } from "../fixtures/fault-budget";
import { startFaultProxy } from "../fixtures/fault-proxy";
import { SCIM_URN } from "../fixtures/scim-urns";
import { createHarness, type Harness } from "../harness";

/**
 * /scim/v2: authenticated by a directory token alone (one DynamoDB round trip), every answer and
 * error in SCIM's media type and error schema, and the discovery documents of RFC 7644 §4.
 */

type Res = Awaited<ReturnType<Harness["call"]>>;
type Person = Awaited<ReturnType<Harness["owner"]>>;

const { error: SCIM_ERROR, listResponse: LIST_RESPONSE, user: USER_SCHEMA, group: GROUP_SCHEMA } = SCIM_URN;

let h: Harness;
let owner: Person;
let directory: Awaited<ReturnType<typeof newToken>>;
let base: string;

beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner("owner@scim-auth.example");
  directory = await newToken("Okta");
  base = `${h.deps.settings.publicUrl}/scim/v2`;
});

async function newToken(name: string, extra: Record<string, unknown> = {}) {
  const res = await h.call("POST", "/v1/scim-tokens", { token: owner.accessToken, body: { name, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; token: string; expiresAt: string | null };
}

const scim = (path: string, token?: string, options: Parameters<Harness["call"]>[2] = {}) => h.call(options.body === undefined && !options.raw ? "GET" : "POST", `/scim/v2${path}`, { token, ...options });

function expectScimJson(res: Res) {
  expect(res.headers.get("content-type")).toMatch(/^application\/scim\+json/);
}

function expectScimError(res: Res, status: number, scimType?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expectScimJson(res);
  expect(res.body).toEqual({ schemas: [SCIM_ERROR], status: String(status), detail: expect.any(String), ...(scimType && { scimType }) });
  expect(res.headers.get("cache-control")).toBe("no-store");
}

function expectUnauthorized(res: Res) {
  expectScimError(res, 401);
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="roster"/);
}

describe("authentication on /scim/v2", () => {
  it("takes a directory token, in one DynamoDB round trip", async () => {
    const res = await scim("/ServiceProviderConfig", directory.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expectScimJson(res);
    expect(res.calls).toBe(1);
    expect(res.headers.get("x-request-id")).toMatch(/\S/);
  });

  it("refuses no token, a malformed one, a wrong secret and an unknown id with 401 in SCIM's error schema", async () => {
    const [, id, secret] = directory.token.split(".");
    const noToken = await scim("/ServiceProviderConfig");
    expectUnauthorized(noToken);
    expect(noToken.headers.get("www-authenticate")).toBe('Bearer realm="roster"');
    expect(noToken.calls).toBe(0);
    for (const token of [
      "nonsense",
      `rscim.${id}`,
      `rscim.${id}.${secret}.extra`,
      `RSCIM.${id}.${secret}`,
      `rscim.${id}.${secret!.slice(0, -1)}${secret!.endsWith("A") ? "B" : "A"}`,
      `rscim.scim_000000000000000000000000.${secret}`,
    ]) {
      const res = await scim("/ServiceProviderConfig", token);
      expectUnauthorized(res);
      expect(res.headers.get("www-authenticate"), token).toBe('Bearer realm="roster", error="invalid_token"');
      expect(res.calls, token).toBeLessThanOrEqual(1);
    }
    expectUnauthorized(await h.call("GET", "/scim/v2/ServiceProviderConfig", { headers: { Authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } }));
  });

  it("refuses a person's access token and personal access token, and a SUPER_ADMIN's at that", async () => {
    const pat = await h.call("POST", "/v1/me/tokens", { token: owner.accessToken, body: { name: "script", expiresInDays: 30 } });
    expect(pat.status).toBe(201);
    for (const token of [owner.accessToken, pat.body.token as string]) {
      const res = await scim("/ServiceProviderConfig", token);
      expectUnauthorized(res);
      // Told apart by its shape: nothing was read for it.
      expect(res.calls).toBe(0);
    }
  });

  it("is refused on the /v1 API: a directory token is no person's credential", async () => {
    for (const path of ["/v1/me", "/v1/users", "/v1/scim-tokens"]) {
      const res = await h.call("GET", path, { token: directory.token });
      expect([res.status, res.body.code], path).toEqual([401, "auth.unauthenticated"]);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
  });

  it("refuses an expired token from its expiry instant on, whether or not TTL has run", async () => {
    const expiring = await newToken("Entra", { expiresInDays: 1 });
    const expiresAt = Date.parse(expiring.expiresAt!);
    const now = h.clock.now();
    try {
      h.clock.set(new Date(expiresAt - 1));
      expect((await scim("/Schemas", expiring.token)).status).toBe(200);
      h.clock.set(new Date(expiresAt));
      expectUnauthorized(await scim("/Schemas", expiring.token));
    } finally {
      // Back to where the people's sessions are still good.
      h.clock.set(now);
    }
  });
});

describe("revocation racing requests", () => {
  it("once the revocation has answered, no request that starts later succeeds (repeated)", async () => {
    for (let round = 0; round < 3; round++) {
      const token = await newToken(`race ${round}`);
      let revokedAt: number | undefined;
      const revocation = h.call("DELETE", `/v1/scim-tokens/${token.id}`, { token: owner.accessToken }).then((res) => {
        revokedAt = performance.now();
        return res;
      });
      const results: { startedAfterRevoke: boolean; status: number }[] = [];
      let after = 0;
      // Eight callers keep sending, one request each at a time, until ten requests have started
      // after the revocation answered: a race at every moment of it, without a flood that would
      // queue past the storage budget on a loaded machine and answer 503 for reasons of its own.
      const caller = async () => {
        while (after < 10) {
          const startedAfterRevoke = revokedAt !== undefined;
          if (startedAfterRevoke) after++;
          const res = await scim("/ServiceProviderConfig", token.token);
          results.push({ startedAfterRevoke, status: res.status });
        }
      };
      await Promise.all(Array.from({ length: 8 }, caller));
      expect((await revocation).status).toBe(204);
      expect(results.length).toBeGreaterThan(10);
      for (const result of results) expect([200, 401]).toContain(result.status);
      expect(results.filter((r) => r.startedAfterRevoke).map((r) => r.status)).toEqual(Array(results.filter((r) => r.startedAfterRevoke).length).fill(401));
      expect(results.filter((r) => r.startedAfterRevoke).length).toBeGreaterThanOrEqual(10);
    }
  });
});

describe("SCIM answers", () => {
  it("answers an unknown path with SCIM's 404, after authentication", async () => {
    expectScimError(await scim("/Nope", directory.token), 404);
    expectScimError(await scim("/Bulk", directory.token), 404);
    expectScimError(await scim("", directory.token), 404);
    expectScimError(await scim("/", directory.token), 404);
    expectUnauthorized(await scim("/Nope"));
  });

  it("accepts application/scim+json bodies, and refuses other types in SCIM's terms", async () => {
    // The body gets past the guard to the route (Users provisions; its own tests are scim-users.test.ts).
    const created = await scim("/Users", directory.token, { raw: JSON.stringify({ userName: "a@example.com" }), headers: { "Content-Type": "application/scim+json" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expectScimJson(created);
    expectScimError(await scim("/Users", directory.token, { raw: "userName=a", headers: { "Content-Type": "text/plain", "Content-Length": "10" } }), 415);
    const big = JSON.stringify({ userName: "x".repeat(70 * 1024) });
    expectScimError(await scim("/Users", directory.token, { raw: big, headers: { "Content-Type": "application/scim+json", "Content-Length": String(big.length) } }), 413);
  });
});

describe("discovery (RFC 7644 §4)", () => {
  it("ServiceProviderConfig: patch and filter yes, bulk, sort, etag and changePassword no, bearer token", async () => {
    const res = await scim("/ServiceProviderConfig", directory.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: expect.any(Number) },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [expect.objectContaining({ type: "oauthbearertoken", name: expect.any(String), description: expect.any(String) })],
      meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
    });
    expect(res.body.filter.maxResults).toBeGreaterThan(0);
  });

  it("ResourceTypes: User and Group, as a ListResponse and one by one", async () => {
    const res = await scim("/ResourceTypes", directory.token);
    expect(res.status).toBe(200);
    expectScimJson(res);
    expect(res.body).toMatchObject({ schemas: [LIST_RESPONSE], totalResults: 2, itemsPerPage: 2, startIndex: 1 });
    expect(res.body.Resources).toEqual([
      expect.objectContaining({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], id: "User", name: "User", endpoint: "/Users", schema: USER_SCHEMA, meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/User` } }),
      expect.objectContaining({ id: "Group", name: "Group", endpoint: "/Groups", schema: GROUP_SCHEMA, meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/Group` } }),
    ]);
    const user = await scim("/ResourceTypes/User", directory.token);
    expect(user.status).toBe(200);
    expect(user.body).toEqual(res.body.Resources[0]);
    expectScimError(await scim("/ResourceTypes/Printer", directory.token), 404);
  });

  it("Schemas: the core User and Group schemas with the attributes Roster keeps", async () => {
    const res = await scim("/Schemas", directory.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schemas: [LIST_RESPONSE], totalResults: 2, startIndex: 1 });
    const [user, group] = res.body.Resources;
    expect(user).toMatchObject({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"], id: USER_SCHEMA, name: "User", meta: { resourceType: "Schema", location: `${base}/Schemas/${USER_SCHEMA}` } });
    type Attr = { name: string; type: string; multiValued: boolean; required: boolean; mutability: string; returned: string; uniqueness: string; caseExact: boolean; subAttributes?: Attr[] };
    const names = (attrs: Attr[]) => attrs.map((a) => a.name);
    expect(names(user.attributes)).toEqual(["userName", "name", "displayName", "emails", "active", "externalId", "groups"]);
    const byName = (attrs: Attr[], name: string) => attrs.find((a) => a.name === name)!;
    expect(byName(user.attributes, "userName")).toMatchObject({ type: "string", required: true, uniqueness: "server", multiValued: false });
    expect(names(byName(user.attributes, "name").subAttributes!)).toEqual(["givenName", "familyName"]);
    expect(byName(user.attributes, "emails")).toMatchObject({ type: "complex", multiValued: true });
    expect(byName(user.attributes, "active")).toMatchObject({ type: "boolean" });
    expect(byName(user.attributes, "groups")).toMatchObject({ multiValued: true, mutability: "readOnly" });
    // Every attribute carries RFC 7643 §7's characteristics, sub-attributes too.
    for (const attr of [...user.attributes, ...group.attributes].flatMap((a: Attr) => [a, ...(a.subAttributes ?? [])])) {
      expect(Object.keys(attr), attr.name).toEqual(expect.arrayContaining(["name", "type", "multiValued", "description", "required", "caseExact", "mutability", "returned", "uniqueness"]));
    }
    expect(group).toMatchObject({ id: GROUP_SCHEMA, name: "Group" });
    expect(names(group.attributes)).toEqual(["displayName", "members", "externalId"]);
    expect(byName(group.attributes, "members")).toMatchObject({ type: "complex", multiValued: true });

    const one = await scim(`/Schemas/${encodeURIComponent(USER_SCHEMA)}`, directory.token);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(user);
    expectScimError(await scim("/Schemas/urn:example:nope", directory.token), 404);
    // A parameter its schema refuses: SCIM's 400, with the type of error.
    expectScimError(await scim(`/Schemas/${"x".repeat(300)}`, directory.token), 400, "invalidValue");
  });

  it("every discovery endpoint answers in one round trip, and none without a token", async () => {
    for (const path of ["/ServiceProviderConfig", "/ResourceTypes", "/ResourceTypes/Group", "/Schemas", `/Schemas/${GROUP_SCHEMA}`]) {
      const res = await scim(path, directory.token);
      expect(res.status, path).toBe(200);
      expectScimJson(res);
      expect(res.calls, path).toBe(1);
      expectUnauthorized(await scim(path));
    }
  });

  it("is in the OpenAPI document, secured by the directory token scheme", async () => {
    const doc = (await h.call("GET", "/openapi.json")).body;
    expect(doc.components.securitySchemes.directoryToken).toMatchObject({ type: "http", scheme: "bearer" });
    for (const path of ["/scim/v2/ServiceProviderConfig", "/scim/v2/ResourceTypes", "/scim/v2/ResourceTypes/{id}", "/scim/v2/Schemas", "/scim/v2/Schemas/{id}"]) {
      const get = doc.paths[path]?.get;
      expect(get, path).toBeDefined();
      expect(get.security, path).toEqual([{ directoryToken: [] }]);
      expect(get.tags, path).toEqual(["SCIM"]);
      expect(Object.keys(get.responses["200"].content), path).toEqual(["application/scim+json"]);
      expect(get.responses["401"].content["application/scim+json"], path).toBeDefined();
    }
  });
});

describe("storage away", () => {
  it("answers 503 in SCIM's error schema, with Retry-After and no internals", async () => {
    const proxy = await startFaultProxy(dynamoEndpoint());
    try {
      const faulty = await createHarness({ dynamoEndpoint: proxy.endpoint, env: FAULT_BUDGET_ENV });
      const admin = await faulty.owner("owner@scim-faults.example");
      const made = await faulty.call("POST", "/v1/scim-tokens", { token: admin.accessToken, body: { name: "Okta" } });
      expect(made.status).toBe(201);
      await proxy.refuse();
      const res = await faulty.call("GET", "/scim/v2/ServiceProviderConfig", { token: made.body.token });
      expectScimError(res, 503);
      expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(JSON.stringify(res.body)).not.toMatch(/\n\s*at |node_modules|ECONN|127\.0\.0\.1/);
    } finally {
      await proxy.stop();
    }
  });
});
