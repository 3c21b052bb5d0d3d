import { ApiClient, sesMailer, Workspace } from "@roster/core";
import { exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { powertoolsLogger } from "../../functions/lib/powertools-logger";
import { localAws } from "../../packages/local/src/local-aws";
import { signClientAssertion } from "../../packages/verify/src/client-assertion";
import { startFaultProxy, type FaultProxy } from "../fixtures/fault-proxy";
import { createHarness, csrfIn, PUBLIC_URL, type Harness } from "../harness";
import { dynamoEndpoint } from "../dynamo-endpoint";

/**
 * Nothing secret is ever logged. A whole life runs over HTTP with the Lambda functions' own logger
 * (Powertools, its JSON lines read where it writes them, stdout): setup, sign-in, refresh, a
 * personal access token, an API client's token, an invitation, an MFA reset and re-enrollment, the
 * console, and the failures on the way (wrong passwords and codes, a replayed refresh token and
 * client assertion, a bad CSRF token, the mail service and the table unreachable). Then every
 * secret the flow used is looked for in everything logged: whole, or any 16 characters of it.
 */

/** A secret found as 16 characters in a row is found: long enough never to occur by chance in a log line. */
const WINDOW = 16;

/** Every 16-character run of the text, to look secrets' runs up in at once. */
function windowsOf(text: string): Set<string> {
  const windows = new Set<string>();
  for (let i = 0; i + WINDOW <= text.length; i++) windows.add(text.slice(i, i + WINDOW));
  return windows;
}

/**
 * Where a secret shows in the log: the whole of it, or a run of 16 of its characters. Short ones
 * (TOTP codes) count only standing alone, not inside a longer number such as a timestamp.
 */
function leaks(logged: string, windows: Set<string>, secret: string): string | undefined {
  if (secret.length < WINDOW) return new RegExp(`(?<![0-9A-Za-z])${secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![0-9A-Za-z])`).test(logged) ? secret : undefined;
  for (let i = 0; i + WINDOW <= secret.length; i++) if (windows.has(secret.slice(i, i + WINDOW))) return secret.slice(i, i + WINDOW);
  return undefined;
}

/**
 * What of a token is secret: refresh tokens, personal access tokens, setup tokens and console
 * cookies name their user, session or token id in plain text (ids that may well be logged) before
 * the secret, which is the last part.
 */
const secretPart = (token: string) => (/^(rt|rpat|st|cs)\./.test(token) ? token.slice(token.lastIndexOf(".") + 1) : token);

const logged: string[] = [];
const secrets = new Map<string, string>();
const keep = (name: string, value: unknown) => {
  expect(typeof value === "string" && value.length > 0, `${name} is a string`).toBe(true);
  secrets.set(name, secretPart(value as string));
  return value as string;
};

let h: Harness;
let dynamo: FaultProxy;
let ses: FaultProxy;
const writes = { stdout: process.stdout.write, stderr: process.stderr.write };

beforeAll(async () => {
  dynamo = await startFaultProxy(dynamoEndpoint());
  ses = await startFaultProxy(inject("sesEndpoint"));
  // The logger writes JSON lines to stdout (errors too, in Powertools 2); both streams are read, and kept from the console.
  for (const stream of ["stdout", "stderr"] as const) {
    process[stream].write = ((chunk: string | Uint8Array) => {
      logged.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());
      return true;
    }) as typeof process.stdout.write;
  }
  const budget = { ROSTER_AWS_CONNECT_TIMEOUT_MS: "250", ROSTER_AWS_REQUEST_TIMEOUT_MS: "1000", ROSTER_AWS_MAX_ATTEMPTS: "2" };
  h = await createHarness({
    dynamoEndpoint: dynamo.endpoint,
    mailer: sesMailer({ endpoint: ses.endpoint, from: "Roster <roster@example.com>", calls: { connectTimeoutMs: 250, requestTimeoutMs: 1_000, maxAttempts: 2 }, ...localAws() }),
    env: budget,
    log: powertoolsLogger("roster-api"),
  });
});

afterAll(async () => {
  process.stdout.write = writes.stdout;
  process.stderr.write = writes.stderr;
  await Promise.all([dynamo?.stop(), ses?.stop()]);
});

describe("secrets in logs", () => {
  it("no password, TOTP secret or code, token, assertion, cookie or CSRF token of a whole flow is logged", async () => {
    const ip = "198.51.100.20";
    const call = (method: string, path: string, options: Parameters<Harness["call"]>[2] = {}) => h.call(method, path, { ip, ...options });

    // Setup: the owner's link, as the local runtime prints it, redeemed over HTTP.
    const ownerEmail = "owner@logs.example";
    const ownerPassword = keep("owner password", "juniper falcon harbor quilt 58");
    const ensured = await Workspace.ensureOwner(h.deps, ownerEmail);
    if (ensured.state === "active") throw new Error("A fresh table has no active owner.");
    const setupToken = keep("owner setup token", h.tokenOf(ensured.setupUrl));
    expect((await call("POST", "/v1/setup/lookup", { body: { token: setupToken } })).status).toBe(200);
    const ownerSecret = keep("owner TOTP secret", (await call("POST", "/v1/setup/totp", { body: { token: setupToken } })).body.secret);
    const weak = await call("POST", "/v1/setup/complete", { body: { token: setupToken, displayName: "Owner", password: keep("weak password", "password1234"), totpCode: h.nextCode(ownerSecret) } });
    expect(weak.body.code).toBe("password.too_weak");
    const completed = await call("POST", "/v1/setup/complete", { body: { token: setupToken, displayName: "Owner", password: ownerPassword, totpCode: keep("setup code", h.nextCode(ownerSecret)) } });
    expect(completed.status).toBe(200);

    // Sign-in, failed (a password one letter off, a wrong code) and then not.
    const nearMiss = keep("mistyped password", "juniper falcon harbor quilt 59");
    expect((await call("POST", "/v1/auth/login", { body: { email: ownerEmail, password: nearMiss, totpCode: keep("code of a failed sign-in", h.nextCode(ownerSecret)) } })).status).toBe(401);
    const login = await call("POST", "/v1/auth/login", { body: { email: ownerEmail, password: ownerPassword, totpCode: keep("sign-in code", h.nextCode(ownerSecret)) } });
    expect(login.status).toBe(200);
    keep("first access token", login.body.accessToken);
    keep("first refresh token", login.body.refreshToken);

    // Refresh, and the spent refresh token replayed (which ends that session).
    const refreshed = await call("POST", "/v1/auth/refresh", { body: { refreshToken: login.body.refreshToken } });
    expect(refreshed.status).toBe(200);
    keep("refreshed access token", refreshed.body.accessToken);
    keep("refreshed refresh token", refreshed.body.refreshToken);
    expect((await call("POST", "/v1/auth/refresh", { body: { refreshToken: login.body.refreshToken } })).status).toBe(401);
    const again = await call("POST", "/v1/auth/login", { body: { email: ownerEmail, password: ownerPassword, totpCode: keep("second sign-in code", h.nextCode(ownerSecret)) } });
    const access = keep("owner access token", again.body.accessToken);
    keep("owner refresh token", again.body.refreshToken);

    // A personal access token, used, and a wrong one.
    const pat = await call("POST", "/v1/me/tokens", { token: access, body: { name: "deploy", expiresInDays: 30 } });
    expect(pat.status).toBe(201);
    keep("personal access token", pat.body.token);
    expect((await call("GET", "/v1/me", { token: pat.body.token })).status).toBe(200);
    expect((await call("GET", "/v1/me", { token: `${pat.body.token.slice(0, -4)}AAAA` })).status).toBe(401);

    // A SCIM directory token, used, and a wrong one.
    const directory = await call("POST", "/v1/scim-tokens", { token: access, body: { name: "Okta" } });
    expect(directory.status).toBe(201);
    keep("SCIM directory token", directory.body.token);
    expect((await call("GET", "/scim/v2/ServiceProviderConfig", { token: directory.body.token })).status).toBe(200);
    expect((await call("GET", "/scim/v2/ServiceProviderConfig", { token: `${directory.body.token.slice(0, -4)}AAAA` })).status).toBe(401);

    // An API client: its token from an assertion, the assertion replayed, introspection and revocation.
    const { privateKey, publicKey } = await generateKeyPair("Ed25519", { extractable: true });
    const created = await call("POST", "/v1/api-clients", { token: access, body: { name: "backend", type: "DELEGATED", publicKey: await exportJWK(publicKey), scopes: ["users:read", "tokens:introspect"] } });
    expect(created.status).toBe(201);
    keep("client private key", (await exportJWK(privateKey)).d);
    const form = (fields: Record<string, string>) => ({ raw: new URLSearchParams(fields).toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    const assertion = keep("client assertion", await signClientAssertion({ id: created.body.id, privateKey }, PUBLIC_URL));
    const grant = { grant_type: "client_credentials", client_assertion_type: ApiClient.JWT_BEARER };
    const issued = await call("POST", "/oauth/token", form({ ...grant, client_assertion: assertion }));
    expect(issued.status).toBe(200);
    const clientAccess = keep("client access token", issued.body.access_token);
    expect((await call("POST", "/oauth/token", form({ ...grant, client_assertion: assertion }))).body.error).toBe("invalid_client");
    const introspection = keep("introspection assertion", await signClientAssertion({ id: created.body.id, privateKey }, PUBLIC_URL));
    expect((await call("POST", "/oauth/introspect", form({ token: pat.body.token, client_assertion_type: ApiClient.JWT_BEARER, client_assertion: introspection }))).body.active).toBe(true);
    expect((await call("GET", "/v1/users", { token: clientAccess })).status).toBe(200);

    // An invitation, redeemed; then an MFA reset, and the re-enrollment it asks for.
    const invited = await call("POST", "/v1/users", { token: access, body: { email: "ada@logs.example", role: "OPERATOR" } });
    expect(invited.status).toBe(201);
    const inviteToken = keep("invitation setup token", h.tokenOf(invited.body.setupUrl));
    const adaPassword = keep("invitee password", "cobalt meadow lantern prism 17");
    const adaSecret = keep("invitee TOTP secret", (await call("POST", "/v1/setup/totp", { body: { token: inviteToken } })).body.secret);
    expect((await call("POST", "/v1/setup/complete", { body: { token: inviteToken, displayName: "Ada", password: adaPassword, totpCode: keep("invitee setup code", h.nextCode(adaSecret)) } })).status).toBe(200);
    expect((await call("POST", `/v1/users/${invited.body.user.id}/mfa-reset`, { token: access })).status).toBe(200);
    const enrollment = await call("POST", "/v1/auth/login", { body: { email: "ada@logs.example", password: adaPassword } });
    expect(enrollment.body.code).toBe("auth.mfa_enrollment_required");
    const enrollmentToken = keep("enrollment token", enrollment.body.enrollmentToken);
    const newSecret = keep("re-enrolled TOTP secret", (await call("POST", "/v1/auth/mfa/enroll", { body: { enrollmentToken } })).body.secret);
    expect((await call("POST", "/v1/auth/mfa/confirm", { body: { enrollmentToken, totpCode: "000000" } })).status).toBe(400);
    const confirmed = await call("POST", "/v1/auth/mfa/confirm", { body: { enrollmentToken, totpCode: keep("re-enrollment code", h.nextCode(newSecret)) } });
    expect(confirmed.status).toBe(200);
    keep("re-enrolled access token", confirmed.body.accessToken);
    keep("re-enrolled refresh token", confirmed.body.refreshToken);
    expect((await call("POST", "/v1/me/password", { token: confirmed.body.accessToken, body: { currentPassword: keep("wrong current password", "not my password at all 1"), newPassword: keep("refused new password", "saffron glacier violin 33") } })).status).toBe(403);

    // The console: sign-in, a form with its CSRF token, one with a forged token.
    const signIn = await call("POST", "/console/sign-in", { form: { email: ownerEmail, password: ownerPassword, totpCode: keep("console sign-in code", h.nextCode(ownerSecret)) } });
    const cookie = keep("console session cookie", /__Host-roster_session=([^;]*)/.exec(signIn.headers.get("set-cookie") ?? "")?.[1]);
    const csrf = keep("CSRF token", csrfIn(String((await call("GET", "/console/account", { cookie })).body)));
    const consolePat = await call("POST", "/console/account/tokens", { cookie, form: { _csrf: csrf, name: "console token", expiresInDays: "7" } });
    expect(consolePat.status).toBe(201);
    keep("console personal access token", /id="new-token" type="text" value="([^"]+)"/.exec(consolePat.body)?.[1]);
    expect((await call("POST", "/console/account/tokens", { cookie, form: { _csrf: `${csrf.slice(0, -3)}AAA`, name: "forged", expiresInDays: "7" } })).status).toBe(403);

    // Faults: the mail service away (an invitation whose mail fails), then the table (503s, logged as errors).
    await ses.refuse();
    const unmailed = await call("POST", "/v1/users", { token: access, body: { email: "grace@logs.example", role: "OPERATOR" } });
    expect(unmailed.body.emailDelivery).toBe("failed");
    keep("unmailed setup token", h.tokenOf(unmailed.body.setupUrl));
    await dynamo.refuse();
    expect((await call("GET", "/v1/me", { token: access })).status).toBe(503);
    expect((await call("POST", "/v1/auth/login", { body: { email: ownerEmail, password: ownerPassword, totpCode: h.nextCode(ownerSecret) } })).status).toBe(503);
    expect((await call("POST", "/oauth/token", form({ ...grant, client_assertion: keep("assertion during the outage", await signClientAssertion({ id: created.body.id, privateKey }, PUBLIC_URL)) }))).status).toBe(503);
    await Promise.all([dynamo.pass(), ses.pass()]);

    // The log is the logger's (JSON lines), and it has the failures in it: the scan below read something.
    const text = logged.join("");
    const entries = text.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line));
    const messages = entries.filter((entry) => entry.service === "roster-api").map((entry) => `${entry.level} ${entry.message}`);
    expect(messages).toContain("WARN setup mail not delivered");
    expect(messages).toContain("ERROR storage unavailable");

    const windows = windowsOf(text);
    const found = [...secrets].flatMap(([name, secret]) => {
      const where = leaks(text, windows, secret);
      return where ? [`${name}: "${where}"`] : [];
    });
    expect(found, `secrets in the log:\n${found.join("\n")}\n\n${text.slice(0, 4_000)}`).toEqual([]);
  });

  it("the scan finds a secret logged whole, or in part, or a code standing alone", () => {
    // The scanner's own check: without it, a scan that never matches would pass the test above.
    const token = "rt.usr_1.ses_1.Zk3pQ9xV2mL8nB4cT7yR1wE6uI0oA5sD";
    const line = JSON.stringify({ message: "refresh failed", hint: secretPart(token).slice(5, 30), code: "042917", at: "2026-12-02T05:21:50.123Z" });
    const windows = windowsOf(line);
    expect(leaks(line, windows, secretPart(token))).toBeDefined();
    expect(leaks(line, windows, "042917")).toBe("042917");
    expect(leaks(line, windows, "052150")).toBeUndefined();
    expect(leaks(line, windows, "plum orbit canyon lantern 7")).toBeUndefined();
  });
});
