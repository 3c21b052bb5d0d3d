import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { findFreePorts } from "../../packages/local/src/free-port";
import { startFaultProxy, type FaultProxy } from "../fixtures/fault-proxy";
import { startOidcProvider, type OidcProvider } from "../fixtures/oidc-provider";
import { go, Jar, toCallback } from "../fixtures/sso-browser";
import { servedRoster, type ServedRoster } from "./served-roster";
import type { Harness } from "../harness";

/*
 * The provider going away between the person's sign-in there and Roster's callback: the browser
 * holds a good code, but the token endpoint (or the whole provider) cannot be reached, or fails,
 * when Roster redeems it. The person must land on the sign-in page told the provider is
 * unavailable, within the time Roster gives the provider, never a 500 nor a request left hanging.
 * The provider sits behind a fault proxy, which is also its issuer, so it can be cut off at
 * exactly that moment.
 */

const SSO_TIMEOUT_MS = 1000;

let served: ServedRoster;
let h: Harness;
/** Where Roster is served: the provider redirects the browser back to it. */
let baseUrl: string;
let op: OidcProvider;
let proxy: FaultProxy;

beforeAll(async () => {
  served = await servedRoster({ ROSTER_ALLOW_LOOPBACK_FETCH: "on", ROSTER_SSO_TIMEOUT_MS: String(SSO_TIMEOUT_MS) });
  ({ h, issuer: baseUrl } = served);
  const [port] = await findFreePorts(1);
  proxy = await startFaultProxy(`http://127.0.0.1:${port}`);
  op = await startOidcProvider({ issuer: proxy.endpoint, port: port!, redirectUri: `${baseUrl}/v1/sso/callback` });
  const owner = await h.owner("owner@sso-provider-down.example");
  const configured = await h.call("PUT", "/v1/sso", {
    token: owner.accessToken,
    body: { issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, roles: [{ group: "viewers", role: "VIEWER" }], memberships: [], enforced: false },
  });
  expect(configured.status, JSON.stringify(configured.body)).toBe(200);
});

afterEach(async () => {
  await proxy.pass();
});

afterAll(async () => {
  await proxy?.stop();
  await op?.stop();
  await served?.close();
});

let counter = 0;
/** A person signed in at the provider, its redirect back to Roster in hand but not yet followed. */
async function atTheCallback() {
  const sub = `person${++counter}`;
  op.setAccount(sub, { email: `${sub}@sso-provider-down.example`, email_verified: true, groups: ["viewers"] });
  const jar = new Jar();
  const callback = await toCallback(jar, { baseUrl, issuer: op.issuer }, sub);
  return { jar, callback };
}

/** Follows the redirect back; answers where it sent the browser, whether it signed in, and how long it took. */
async function back(jar: Jar, callback: string) {
  const started = performance.now();
  const response = await go(jar, callback);
  const body = await response.text();
  return {
    status: response.status,
    body,
    location: response.headers.get("Location"),
    session: jar.get(baseUrl, "__Host-roster_session"),
    ms: performance.now() - started,
  };
}

describe("the provider unreachable at the callback", () => {
  it("signs in while the provider answers (the proxy in between changes nothing)", async () => {
    const { jar, callback } = await atTheCallback();
    const res = await back(jar, callback);
    expect(res.location, `${res.status} ${res.body}`).toBe("/console");
    expect(res.session).toBeDefined();
  });

  // The callback asks the provider twice, discovery then the code exchange (the ID token comes from
  // the token endpoint itself, so no keys are fetched), each within the SSO timeout: one stalled
  // call costs one timeout, so two bound the whole answer.
  const budgetMs = 2 * SSO_TIMEOUT_MS + 500;

  it.each([
    ["its token endpoint stalls", () => proxy.stall({ matching: "POST /token" })],
    ["its token endpoint takes the code and the answer is lost", () => proxy.stall({ matching: "POST /token", deliver: true })],
    ["the whole provider stalls", () => proxy.stall()],
    ["it drops every connection", () => proxy.close()],
    ["nothing listens on its port", () => proxy.refuse()],
  ])("when %s: 302 to the sign-in page with sso=unavailable, within the provider's budget, and no session", async (_name, fault) => {
    const { jar, callback } = await atTheCallback();
    await fault();
    const res = await back(jar, callback);
    expect(res.status, res.body).toBe(302);
    expect(res.location).toBe("/console/sign-in?sso=unavailable");
    expect(res.session).toBeUndefined();
    expect(res.ms).toBeLessThan(budgetMs);
  });

  it.each([
    ["a gateway's 502 page", { status: 502, contentType: "text/html", body: "<h1>502 Bad Gateway</h1>" }],
    ["503 temporarily_unavailable", { status: 503, contentType: "application/json", body: JSON.stringify({ error: "temporarily_unavailable" }) }],
    ["500 server_error", { status: 500, contentType: "application/json", body: JSON.stringify({ error: "server_error", error_description: "db down" }) }],
  ])("when its token endpoint answers %s: sso=unavailable, as a failing discovery would", async (_name, answer) => {
    const { jar, callback } = await atTheCallback();
    op.failTokenEndpoint(answer);
    try {
      const res = await back(jar, callback);
      expect(res.location, `${res.status} ${res.body}`).toBe("/console/sign-in?sso=unavailable");
      expect(res.session).toBeUndefined();
    } finally {
      op.failTokenEndpoint(null);
    }
  });

  it("a refusal of the code by a provider that is up stays sso=failed: starting again is what helps", async () => {
    const { jar, callback } = await atTheCallback();
    op.failTokenEndpoint({ status: 400, contentType: "application/json", body: JSON.stringify({ error: "invalid_grant" }) });
    try {
      expect((await back(jar, callback)).location).toBe("/console/sign-in?sso=failed");
    } finally {
      op.failTokenEndpoint(null);
    }
  });

  it.each([
    ["temporarily_unavailable", "unavailable"],
    ["server_error", "unavailable"],
    ["access_denied", "failed"],
  ])("when the provider redirects back with error=%s: sso=%s", async (error, reason) => {
    const { jar, callback } = await atTheCallback();
    const url = new URL(callback);
    url.searchParams.delete("code");
    url.searchParams.set("error", error);
    const res = await back(jar, url.href);
    expect(res.location, `${res.status} ${res.body}`).toBe(`/console/sign-in?sso=${reason}`);
  });

  it("once the provider is back, a fresh sign-in works (the failed one is spent)", async () => {
    const { jar, callback } = await atTheCallback();
    await proxy.stall({ matching: "POST /token" });
    expect((await back(jar, callback)).location).toBe("/console/sign-in?sso=unavailable");
    await proxy.pass();
    // The same redirect again: its state was spent by the failed attempt.
    expect((await back(jar, callback)).location).toBe("/console/sign-in?sso=failed");
    const fresh = await atTheCallback();
    expect((await back(fresh.jar, fresh.callback)).location).toBe("/console");
  });
});
