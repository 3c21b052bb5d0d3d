import { ApiClient } from "@roster/core";
import { SignJWT } from "jose";
import { generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, PUBLIC_URL, type Harness } from "../harness";

/**
 * `/console/api-clients` over HTTP: the list and its round trips, each action's effect (read back
 * through core and the token endpoint) and audit event, and who is refused what.
 */
let h: Harness;
let owner: Awaited<ReturnType<Harness["owner"]>>;
let ownerCookie: string;
let viewerCookie: string;
let operatorCookie: string;

const PATH = "/console/api-clients";
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

type Pair = { privateKey: KeyObject; pem: string; jwk: string };
function keyPair(type: "ed25519" | "ec" = "ed25519"): Pair {
  const { privateKey, publicKey } = type === "ec" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("ed25519");
  return { privateKey, pem: publicKey.export({ type: "spki", format: "pem" }).toString(), jwk: JSON.stringify(publicKey.export({ format: "jwk" }), null, 2) };
}

/** Where a client registered by JWKS URL publishes its keys: whatever the test puts at `published`. */
let jwksServer: Server;
let jwksUri: string;
let published: object[] = [];

beforeAll(async () => {
  jwksServer = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: published })));
  await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
  jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
  // As the local runtime runs: a client's JWKS may be served on loopback.
  h = await createHarness({ env: { ROSTER_ALLOW_LOOPBACK_FETCH: "on" } });
  owner = await h.owner("owner@clients-console.example");
  ownerCookie = await h.consoleCookie(owner.email, owner.secret);
  const viewer = await h.member(owner.accessToken, "viewer@clients-console.example", "VIEWER");
  viewerCookie = await h.consoleCookie(viewer.email, viewer.secret);
  const operator = await h.member(owner.accessToken, "operator@clients-console.example", "OPERATOR");
  operatorCookie = await h.consoleCookie(operator.email, operator.secret);
});

afterAll(async () => {
  jwksServer.closeAllConnections();
  await new Promise((resolve) => jwksServer.close(resolve));
});

const csrfOf = (cookie: string) => h.csrfFor(cookie);

/** A form as a browser posts it, repeated names (the scope boxes) included. */
async function post(path: string, cookie: string, fields: [string, string][], csrf?: string) {
  const body = new URLSearchParams([["_csrf", csrf ?? (await csrfOf(cookie))], ...fields]).toString();
  return h.call("POST", path, { cookie, raw: body, headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: new URL(PUBLIC_URL).origin } });
}

const createForm = (name: string, key: string, scopes: string[] = ["users:read"], type = "DELEGATED"): [string, string][] => [
  ["name", name],
  ["type", type],
  ["publicKey", key],
  ...scopes.map((scope): [string, string] => ["scopes", scope]),
];

/** Registers a client through the console's form; its id, from where the form leads. */
async function createThroughConsole(name: string, key: string, scopes?: string[]) {
  const res = await post(PATH, ownerCookie, createForm(name, key, scopes));
  expect(res.status, res.body).toBe(303);
  const id = new URL(res.headers.get("location")!, PUBLIC_URL).searchParams.get("created");
  expect(id).toMatch(/^cli_[0-9a-z]{24}$/);
  return id!;
}

const clientOf = async (id: string) => ApiClient.get(h.deps, await h.principalOf(owner.accessToken), id);

/** What the client's backend does: a signed assertion traded at the token endpoint. */
async function tokenFor(clientId: string, key: KeyObject) {
  const now = Math.floor(h.clock.now().getTime() / 1000);
  const assertion = await new SignJWT({ iss: clientId, sub: clientId, aud: `${PUBLIC_URL}/oauth/token`, jti: randomUUID(), iat: now, exp: now + 60 })
    .setProtectedHeader({ alg: "EdDSA" })
    .sign(key);
  const res = await h.call("POST", "/oauth/token", {
    raw: new URLSearchParams({ grant_type: "client_credentials", client_assertion_type: JWT_BEARER, client_assertion: assertion }).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  return res.status;
}

const eventsFor = async (type: string, id: string) => (await h.auditEvents()).filter((event) => event.type === type && event.target.id === id);

describe("the API clients page", () => {
  it("lists the clients with their name, type, status and creation, in two round trips", async () => {
    const id = await createThroughConsole("listed-sync", keyPair().pem, ["users:read", "audit:read"]);
    const res = await h.call("GET", PATH, { cookie: ownerCookie });
    expect(res.status).toBe(200);
    expect(res.calls).toBe(2);
    expect(res.body).toContain("<h1>API clients</h1>");
    for (const header of ["Name", "Type", "Status", "Created"]) expect(res.body).toContain(`<th scope="col">${header}</th>`);
    expect(res.body).toContain(id);
    expect(res.body).toContain("users:read, audit:read");
    expect(res.body).toContain('aria-label="Actions for listed-sync"');
    expect(res.body).toContain(">New API client</a>");
  });

  it("pages by cursor, Next and Previous, two round trips a page", async () => {
    const { h: fresh, cookie } = await freshWorkspace();
    const principal = await fresh.principalOf(fresh.ownerToken);
    const key = keyPair();
    for (let i = 0; i < 21; i++) {
      await ApiClient.create(fresh.deps, principal, { name: `paged-${String(i).padStart(2, "0")}`, type: "DELEGATED", publicKey: key.pem, scopes: ["users:read"] }, { requestId: "t", clientRequestId: null, ip: null, userAgent: null });
      fresh.clock.advance(1000);
    }
    const first = await fresh.call("GET", PATH, { cookie });
    expect((first.body.match(/aria-label="Actions for /g) ?? []).length).toBe(20);
    expect(first.body).toContain("paged-20");
    expect(first.body).not.toContain("paged-00<");
    const next = /href="([^"]+)">\s*Next/.exec(first.body)![1]!.replaceAll("&amp;", "&");
    const second = await fresh.call("GET", next, { cookie });
    expect(second.calls).toBe(2);
    expect(second.body).toContain("paged-00");
    expect(second.body).not.toContain("paged-20");
    expect(second.body).toMatch(/>\s*Previous\s*</);
  });

  it("is the 403 page for an operator, and leads the signed-out to sign-in", async () => {
    const res = await h.call("GET", PATH, { cookie: operatorCookie });
    expect(res.status).toBe(403);
    expect(res.body).toContain("<h1>You don&#39;t have access to this page</h1>");
    expect((await h.call("GET", PATH)).headers.get("location")).toBe(`/console/sign-in?next=${encodeURIComponent(PATH)}`);
    const forged = await post(PATH, operatorCookie, createForm("operator-made", keyPair().pem));
    expect(forged.status).toBe(403);
  });

  it("shows a VIEWER the list and no action, not even through the URL, and refuses a forged post with 403", async () => {
    const id = await createThroughConsole("viewed-sync", keyPair().pem);
    const res = await h.call("GET", `${PATH}?dialog=new-client&menu=${id}`, { cookie: viewerCookie });
    expect(res.status).toBe(200);
    expect(res.calls).toBe(2);
    expect(res.body).toContain("viewed-sync");
    expect(res.body).not.toContain("New API client");
    expect(res.body).not.toContain("Actions for");
    expect(res.body).not.toContain("<dialog");

    const csrf = await csrfOf(viewerCookie);
    const before = (await h.auditEvents()).length;
    expect((await post(PATH, viewerCookie, createForm("viewer-made", keyPair().pem), csrf)).status).toBe(403);
    expect((await post(`${PATH}/${id}/disable`, viewerCookie, [], csrf)).status).toBe(403);
    expect((await post(`${PATH}/${id}/rotate`, viewerCookie, [["publicKey", keyPair().pem]], csrf)).status).toBe(403);
    // An empty form is refused as a forgery too, not judged as a form.
    expect((await post(PATH, viewerCookie, [], csrf)).status).toBe(403);
    expect((await clientOf(id)).status).toBe("ACTIVE");
    expect((await h.auditEvents()).length).toBe(before);
  });

  it("refuses a form without the session's CSRF token, or with another, with 403", async () => {
    const before = (await h.auditEvents()).length;
    const wrong = await post(PATH, ownerCookie, createForm("forged", keyPair().pem), "not-the-token");
    expect(wrong.status).toBe(403);
    const without = await h.call("POST", PATH, { cookie: ownerCookie, form: { name: "forged", type: "DELEGATED", publicKey: keyPair().pem, scopes: "users:read" } });
    expect(without.status).toBe(403);
    expect((await h.auditEvents()).length).toBe(before);
  });
});

/** A workspace of its own, for a test that counts what is in it. */
async function freshWorkspace() {
  const fresh = await createHarness();
  const boss = await fresh.owner("boss@fresh-clients.example");
  return { h: { ...fresh, ownerToken: boss.accessToken }, cookie: await fresh.consoleCookie(boss.email, boss.secret) };
}

describe("New API client", () => {
  it("registers a client from a pasted PEM, shows its id and token endpoint, and the client gets tokens", async () => {
    const key = keyPair();
    const res = await post(PATH, ownerCookie, createForm("billing-sync", key.pem, ["users:read", "audit:read"], "USER"));
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    const id = new URL(location, PUBLIC_URL).searchParams.get("created")!;
    const client = await clientOf(id);
    expect(client).toMatchObject({ name: "billing-sync", type: "USER", status: "ACTIVE", scopes: ["users:read", "audit:read"], createdBy: { email: owner.email } });
    const [event] = await eventsFor("API_CLIENT_CREATED", id);
    expect(event).toMatchObject({ actor: { type: "user", email: owner.email }, target: { type: "api_client", id } });
    expect(event.context.userAgent).toBeDefined();

    const cookieHeader = `${res.headers.get("set-cookie")!.split(";")[0]}`;
    const shown = await h.call("GET", location, { headers: { Cookie: `__Host-roster_session=${ownerCookie}; ${cookieHeader}` } });
    expect(shown.calls).toBe(2);
    expect(shown.body).toContain("API client billing-sync registered.");
    expect(shown.body).toMatch(new RegExp(`id="created-client-id" type="text" value="${id}"`));
    expect(shown.body).toContain(`value="${PUBLIC_URL}/oauth/token"`);
    expect(shown.body).toContain(`value="${client.keyId}"`);
    expect(await tokenFor(id, key.privateKey)).toBe(200);
  });

  it("takes a JWK pasted as JSON", async () => {
    const key = keyPair("ec");
    const id = await createThroughConsole("jwk-sync", key.jwk);
    expect((await clientOf(id)).keyId).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ["garbage", "not a key", "publicKey", "A PEM key must be a public key (-----BEGIN PUBLIC KEY-----)."],
    ["a private key", generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(), "publicKey", "This is a private key: give only its public half"],
    ["a JWK cut short", '{"kty": "OKP", "crv": "Ed25519"', "publicKey", "This looks like a JWK but is not valid JSON"],
    ["nothing", "  ", "publicKey", "Paste the client's public key"],
  ])("refuses %s beside the key, keeping what was typed", async (_name, key, field, message) => {
    const before = (await h.auditEvents()).length;
    const res = await post(PATH, ownerCookie, createForm("refused-sync", key, ["audit:read"]));
    expect(res.status).toBe(400);
    expect(res.body).toContain(`id="new-client-key-error" class="field-error">${message.replaceAll("'", "&#39;")}`);
    expect(res.body).toMatch(/<textarea[^>]*aria-invalid="true"/);
    expect(field).toBe("publicKey");
    // What was typed is still there, the dialog open.
    expect(res.body).toContain('value="refused-sync"');
    expect(res.body).toMatch(/value="audit:read" checked/);
    expect(res.body).toMatch(/<dialog id="new-client"[^>]* open/);
    expect((await h.auditEvents()).length).toBe(before);
  });

  it("refuses a form without a name or a scope, each beside its field", async () => {
    const res = await post(PATH, ownerCookie, createForm(" ", keyPair().pem, []));
    expect(res.status).toBe(400);
    expect(res.body).toContain('id="new-client-name-error" class="field-error">Give the client a name.');
    expect(res.body).toContain('id="new-client-scopes-error" class="field-error">Give the client at least one scope.');
  });
});

describe("New API client by JWKS URL", () => {
  const jwksForm = (name: string, uri: string, key = ""): [string, string][] => [
    ["name", name],
    ["type", "DELEGATED"],
    ["publicKey", key],
    ["jwksUri", uri],
    ["scopes", "users:read"],
  ];

  it("registers a client whose keys are in its JWKS, shows the URL instead of a key id, and offers no key rotation", async () => {
    const key = keyPair();
    published = [JSON.parse(key.jwk)];
    const res = await post(PATH, ownerCookie, jwksForm("jwks-sync", `  ${jwksUri}  `));
    expect(res.status, res.body).toBe(303);
    const location = res.headers.get("location")!;
    const id = new URL(location, PUBLIC_URL).searchParams.get("created")!;
    expect(await clientOf(id)).toMatchObject({ name: "jwks-sync", keyId: null, jwksUri });
    const [event] = await eventsFor("API_CLIENT_CREATED", id);
    expect(event.changes).toEqual({ keyId: { before: null, after: null }, jwksUri: { before: null, after: jwksUri } });

    const shown = await h.call("GET", location, { cookie: ownerCookie });
    expect(shown.body).toMatch(new RegExp(`id="created-jwks-uri" type="text" value="${jwksUri}"`));
    expect(shown.body).not.toContain('id="created-key-id"');
    const list = await h.call("GET", `${PATH}?menu=${id}`, { cookie: ownerCookie });
    expect(list.body).toContain(`Keys from <code>${jwksUri}</code>`);
    const items = /id="menu-[^"]+-menu" role="menu"[^>]*>(.*?)<\/ul>/s.exec(list.body.slice(list.body.indexOf(`id="menu-${id}-menu"`) - 4))![1]!;
    expect(items).not.toContain(">Rotate key<");
    expect(items).toContain(">Disable<");
    // A rotation forced through the URL says where its keys are rotated.
    const forced = await post(`${PATH}/${id}/rotate`, ownerCookie, [["publicKey", keyPair().pem]]);
    expect(forced.status).toBe(409);
    expect(forced.body).toContain("rotate by publishing the new key there");
    expect(await tokenFor(id, key.privateKey)).toBe(200);
  });

  it.each([
    ["both a key and a URL", () => jwksForm("both-sync", jwksUri, keyPair().pem), "Give either publicKey or jwksUri, not both"],
    ["a URL that is not one", () => jwksForm("relative-sync", "/jwks.json"), "Give an absolute URL"],
    ["a private address", () => jwksForm("private-sync", "https://10.0.0.1/jwks.json"), "The host 10.0.0.1 is a private address"],
  ])("refuses %s beside the JWKS URL, keeping what was typed", async (_name, form, message) => {
    const before = (await h.auditEvents()).length;
    const fields = form();
    const res = await post(PATH, ownerCookie, fields);
    expect(res.status).toBe(400);
    expect(res.body).toContain(`id="new-client-jwks-error" class="field-error">${message}`);
    expect(res.body).toContain(`value="${fields.find(([name]) => name === "jwksUri")![1]}"`);
    expect(res.body).toMatch(/<dialog id="new-client"[^>]* open/);
    expect((await h.auditEvents()).length).toBe(before);
  });
});

describe("Rotate key", () => {
  it("puts the new key in use and keeps the previous one working for the overlap asked for", async () => {
    const oldKey = keyPair();
    const newKey = keyPair();
    const id = await createThroughConsole("rotated-sync", oldKey.pem);
    const page = await h.call("GET", `${PATH}?dialog=rotate-${id}`, { cookie: ownerCookie });
    expect(page.body).toMatch(new RegExp(`<dialog id="rotate-${id}"[^>]* open`));
    expect(page.body).toContain("Rotate the key of rotated-sync");

    const res = await post(`${PATH}/${id}/rotate`, ownerCookie, [["publicKey", newKey.pem], ["previousKeyValidSeconds", "600"]]);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(PATH);
    const client = await clientOf(id);
    expect(client.previousKey).toEqual({ keyId: expect.any(String), validUntil: new Date(h.clock.now().getTime() + 600_000).toISOString() });
    expect(await eventsFor("API_CLIENT_KEY_ROTATED", id)).toHaveLength(1);
    expect(await tokenFor(id, newKey.privateKey)).toBe(200);
    expect(await tokenFor(id, oldKey.privateKey)).toBe(200);
    expect((await h.call("GET", PATH, { cookie: ownerCookie })).body).toContain("Previous key works until");

    h.clock.advance(601_000);
    expect(await tokenFor(id, oldKey.privateKey)).toBe(401);
    expect(await tokenFor(id, newKey.privateKey)).toBe(200);
  });

  it("ends the previous key at once with 0 seconds", async () => {
    const oldKey = keyPair();
    const id = await createThroughConsole("cut-sync", oldKey.pem);
    expect((await post(`${PATH}/${id}/rotate`, ownerCookie, [["publicKey", keyPair().pem], ["previousKeyValidSeconds", "0"]])).status).toBe(303);
    expect(await tokenFor(id, oldKey.privateKey)).toBe(401);
  });

  it("refuses the current key, or seconds that are not a number, in the dialog with what was typed", async () => {
    const key = keyPair();
    const id = await createThroughConsole("same-sync", key.pem);
    const same = await post(`${PATH}/${id}/rotate`, ownerCookie, [["publicKey", key.pem], ["previousKeyValidSeconds", "60"]]);
    expect(same.status).toBe(400);
    expect(same.body).toContain(`id="rotate-${id}-key-error" class="field-error">This is the client&#39;s current key: give the new one.`);
    expect(same.body).toMatch(new RegExp(`<dialog id="rotate-${id}"[^>]* open`));
    expect(same.body).toContain('value="60"');

    const seconds = await post(`${PATH}/${id}/rotate`, ownerCookie, [["publicKey", keyPair().pem], ["previousKeyValidSeconds", "soon"]]);
    expect(seconds.status).toBe(400);
    expect(seconds.body).toContain("Give a whole number of seconds, from 0 to 86400.");
    const tooLong = await post(`${PATH}/${id}/rotate`, ownerCookie, [["publicKey", keyPair().pem], ["previousKeyValidSeconds", "90000"]]);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatch(/id="rotate-[^"]+-overlap-error" class="field-error">[^<]*86400/);
    expect(await eventsFor("API_CLIENT_KEY_ROTATED", id)).toHaveLength(0);
  });

  it("answers the 404 page for a client that does not exist", async () => {
    const res = await post(`${PATH}/cli_${"0".repeat(24)}/rotate`, ownerCookie, [["publicKey", keyPair().pem]]);
    expect(res.status).toBe(404);
    expect(res.body).toContain("Page not found");
  });
});

describe("Disable and Enable", () => {
  it("disables a client (its tokens stop), then enables it, each with its audit event, and offers what applies now", async () => {
    const key = keyPair();
    const id = await createThroughConsole("toggled-sync", key.pem);
    const open = await h.call("GET", `${PATH}?dialog=disable-${id}`, { cookie: ownerCookie });
    expect(open.body).toMatch(new RegExp(`<dialog id="disable-${id}"[^>]* open`));
    expect(open.body).toContain("Disable toggled-sync?");

    const disabled = await post(`${PATH}/${id}/disable`, ownerCookie, []);
    expect(disabled.status).toBe(303);
    expect((await clientOf(id)).status).toBe("DISABLED");
    expect(await eventsFor("API_CLIENT_DISABLED", id)).toHaveLength(1);
    expect(await tokenFor(id, key.privateKey)).toBe(401);
    const menu = await h.call("GET", `${PATH}?menu=${id}`, { cookie: ownerCookie });
    const items = /id="menu-[^"]+-menu" role="menu"[^>]*>(.*?)<\/ul>/s.exec(menu.body.slice(menu.body.indexOf(`id="menu-${id}-menu"`) - 4))![1]!;
    expect(items).toContain(">Enable<");
    expect(items).not.toContain(">Disable<");

    const enabled = await post(`${PATH}/${id}/enable`, ownerCookie, []);
    expect(enabled.status).toBe(303);
    expect((await clientOf(id)).status).toBe("ACTIVE");
    expect(await eventsFor("API_CLIENT_ENABLED", id)).toHaveLength(1);
    expect(await tokenFor(id, key.privateKey)).toBe(200);
  });

  it("shows the API's refusal when the client changed meanwhile", async () => {
    const id = await createThroughConsole("twice-sync", keyPair().pem);
    expect((await post(`${PATH}/${id}/disable`, ownerCookie, [])).status).toBe(303);
    const again = await post(`${PATH}/${id}/disable`, ownerCookie, []);
    expect(again.status).toBe(409);
    expect(again.body).toContain("Only an ACTIVE API client can be disabled.");
    expect(again.body).toMatch(new RegExp(`<dialog id="disable-${id}"[^>]* open`));
    expect(await eventsFor("API_CLIENT_DISABLED", id)).toHaveLength(1);
  });
});
