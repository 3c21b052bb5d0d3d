import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { argon2idHasher, Audit } from "@roster/core";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, GOOD_PASSWORD, type Harness } from "../harness";
import { spelledOut } from "../spelled-out";

type Res = Awaited<ReturnType<Harness["call"]>>;
type Account = { email: string; secret: string };
type Person = Account & { id: string; accessToken: string; refreshToken: string };

const NEW_PASSWORD = "violet harbor quill tundra 58";
const PAT_FORMAT = /^rpat\.(usr_[0-9a-z]+)\.(pat_[0-9a-z]{24})\.([A-Za-z0-9_-]{43})$/;

let h: Harness;
let owner: Account;
let adminToken = "";

beforeAll(async () => {
  // This file tests the stored hash itself: production's cost.
  h = await createHarness({ passwords: argon2idHasher });
  const o = await h.owner();
  owner = o;
  adminToken = o.accessToken;
});

/** Spends the next TOTP step of an account, moving the clock on by one step when the window is used up. */
function code(secret: string) {
  try {
    return h.nextCode(secret);
  } catch (error) {
    if (!/advance the clock/.test((error as Error).message)) throw error;
    h.clock.advance(30_000);
    return h.nextCode(secret);
  }
}

const login = (account: Account, password = GOOD_PASSWORD) =>
  h.call("POST", "/v1/auth/login", { body: { email: account.email, password, totpCode: code(account.secret) } });

async function session(account: Account, password = GOOD_PASSWORD) {
  const res = await login(account, password);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { accessToken: string; refreshToken: string };
}

const me = (token: string) => h.call("GET", "/v1/me", { token });
const refresh = (refreshToken: string) => h.call("POST", "/v1/auth/refresh", { body: { refreshToken } });
const changePassword = (token: string, body: unknown) => h.call("POST", "/v1/me/password", { token, body });
const createToken = (token: string, body: unknown = { name: "ci", expiresInDays: 30 }) => h.call("POST", "/v1/me/tokens", { token, body });
const listTokens = (token: string, query = "") => h.call("GET", `/v1/me/tokens${query}`, { token });
const revokeToken = (token: string, id: string) => h.call("DELETE", `/v1/me/tokens/${encodeURIComponent(id)}`, { token });

/** A PAT for the caller, checked to have been created. */
async function pat(token: string, body?: unknown): Promise<{ id: string; name: string; token: string; expiresAt: string }> {
  const res = await createToken(token, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

let counter = 0;
/** A fresh ACTIVE member, signed in. The owner's access token is renewed when the clock has outrun it. */
async function person(): Promise<Person> {
  if ((await me(adminToken)).status !== 200) adminToken = (await session(owner)).accessToken;
  const email = `me${++counter}@example.com`;
  const m = await h.member(adminToken, email);
  return { email, secret: m.secret, id: m.user.id, accessToken: m.accessToken, refreshToken: m.refreshToken };
}

function expectProblem(res: Res, status: number, code: string) {
  expect({ status: res.status, code: res.body?.code }, JSON.stringify(res.body)).toEqual({ status, code });
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
}

function expectUnauthenticated(res: Res) {
  expectProblem(res, 401, "auth.unauthenticated");
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer\b/i);
}

/** Audit events added since `before` (ids), oldest first, as the API shows them. */
async function eventsSince(before: Set<string>) {
  return (await h.auditEvents()).filter((e) => !before.has(e.id)).map(Audit.toAuditEvent);
}
const seenEvents = async () => new Set((await h.auditEvents()).map((e) => e.id as string));

const profile = async (userId: string) =>
  (await h.deps.db.doc.send(new GetCommand({ TableName: h.table, Key: { pk: `USER#${userId}`, sk: "PROFILE" }, ConsistentRead: true }))).Item!;


/** Background bookkeeping (a token's lastUsedAt) lands shortly after the answer: wait for it, briefly. */
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

describe("POST /v1/me/password", () => {
  it("changes the password in one transaction: the old one stops working, the new one signs in", async () => {
    const p = await person();
    const before = await seenEvents();
    h.clock.advance(1000);
    let res: Res | undefined;
    const commands = await h.recordCommands(async () => {
      res = await changePassword(p.accessToken, { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD });
    });
    expect(res!.status, JSON.stringify(res!.body)).toBe(204);
    expect(res!.body).toBe("");
    // Authentication; the throttle slot and the stored credential, read side by side (no principal
    // carries a password hash); the one transaction.
    expect(res!.calls).toBeLessThanOrEqual(4);

    // A throttle slot is taken before the current password is checked; then the change and its
    // audit event are one transaction (which also gives the slot back), and no other write happened.
    const writes = commands.filter((c) => /Put|Update|Delete|Transact/.test(c.command));
    expect(writes.map((c) => c.command)).toEqual(["TransactWriteItemsCommand", "TransactWriteItemsCommand"]);
    const claim = writes[0]!.input.TransactItems as { Update?: { Key: { pk: string } } }[];
    expect(claim.map((i) => i.Update?.Key.pk)).toEqual([`THROTTLE#EMAIL#${p.email}`]);
    type Written = { Key?: { sk: string }; Item?: { type?: string }; UpdateExpression?: string; ExpressionAttributeNames?: Record<string, string> };
    const items = writes[1]!.input.TransactItems as Record<string, Written>[];
    const userUpdate = items.find((i) => i.Update?.Key?.sk === "PROFILE")?.Update;
    expect(spelledOut(userUpdate)).toMatch(/passwordHash = .*ADD sessionEpoch 1, tokenEpoch 1/);
    expect(items.some((i) => i.Update?.Key?.sk.startsWith("SESSION#") && /SET epoch = 1/.test(spelledOut(i.Update)))).toBe(true);
    expect(items.some((i) => i.Put?.Item?.type === "PASSWORD_CHANGED")).toBe(true);

    const stored = await profile(p.id);
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored.sessionEpoch).toBe(1);
    expect(stored.tokenEpoch).toBe(1);

    expectProblem(await login(p), 401, "auth.invalid_credentials");
    const fresh = await login(p, NEW_PASSWORD);
    expect(fresh.status).toBe(200);
    expect((await me(fresh.body.accessToken)).status).toBe(200);

    const events = await eventsSince(before);
    const changed = events.filter((e) => e.type === "PASSWORD_CHANGED");
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      actor: { type: "user", id: p.id, email: p.email },
      target: { type: "user", id: p.id, email: p.email },
      changes: null,
      tenant: null,
    });
  });

  it("ends every other session and every personal access token; the current session lives on", async () => {
    const p = await person();
    const other = await session(p);
    const token = await pat(p.accessToken);
    const viaOther = await pat(other.accessToken, { name: "from the other session", expiresInDays: 5 });
    expect((await me(token.token)).status).toBe(200);
    expect((await me(other.accessToken)).status).toBe(200);

    h.clock.advance(1000);
    expect((await changePassword(p.accessToken, { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(204);

    // This session: still signed in, and its refresh token still rotates.
    expect((await me(p.accessToken)).status).toBe(200);
    const rotated = await refresh(p.refreshToken);
    expect(rotated.status).toBe(200);
    expect((await me(rotated.body.accessToken)).status).toBe(200);

    // The other session: its access token and its refresh token are dead.
    expectUnauthenticated(await me(other.accessToken));
    expectProblem(await refresh(other.refreshToken), 401, "auth.invalid_refresh");

    // Every personal access token: dead, and no longer listed.
    expectUnauthenticated(await me(token.token));
    expectUnauthenticated(await me(viaOther.token));
    const listed = await listTokens(rotated.body.accessToken);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([]);

    // Tokens made after the change work.
    const after = await pat(rotated.body.accessToken);
    expect((await me(after.token)).status).toBe(200);
  });

  it("may be called with a personal access token: then every session and every token ends, that one included", async () => {
    const p = await person();
    const other = await session(p);
    const used = await pat(p.accessToken, { name: "used", expiresInDays: 30 });
    const spare = await pat(p.accessToken, { name: "spare", expiresInDays: 30 });

    h.clock.advance(1000);
    const res = await changePassword(used.token, { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(204);
    expect(res.calls).toBeLessThanOrEqual(4);

    expectUnauthenticated(await me(used.token));
    expectUnauthenticated(await me(spare.token));
    expectUnauthenticated(await me(p.accessToken));
    expectUnauthenticated(await me(other.accessToken));
    expectProblem(await refresh(p.refreshToken), 401, "auth.invalid_refresh");

    const fresh = await session(p, NEW_PASSWORD);
    expect((await me(fresh.accessToken)).status).toBe(200);
    const event = (await h.auditEvents()).find((e) => e.type === "PASSWORD_CHANGED" && e.actor.id === p.id);
    expect(event).toMatchObject({ actor: { type: "user", id: p.id, email: p.email }, target: { type: "user", id: p.id } });
  });

  it("answers 403 auth.reauthentication_failed for a wrong current password, changes nothing and records the failure", async () => {
    const p = await person();
    const before = await seenEvents();
    const res = await changePassword(p.accessToken, { currentPassword: "not my password at all 7", newPassword: NEW_PASSWORD });
    expectProblem(res, 403, "auth.reauthentication_failed");
    expect(res.calls).toBeLessThanOrEqual(4);

    expect((await me(p.accessToken)).status).toBe(200);
    expect((await login(p)).status).toBe(200);
    expectProblem(await login(p, NEW_PASSWORD), 401, "auth.invalid_credentials");

    const failed = (await eventsSince(before)).filter((e) => e.type === "LOGIN_FAILED" && e.target.id === p.id);
    expect(failed[0]).toMatchObject({ actor: { type: "user", id: p.id, email: p.email }, target: { type: "user", id: p.id, email: p.email } });
    expect((await eventsSince(before)).some((e) => e.type === "PASSWORD_CHANGED")).toBe(false);
  });

  it("counts wrong current passwords on the account's throttle window: after 5, 429 with Retry-After (sign-in too), even for the right one", async () => {
    const p = await person();
    const wrong = { currentPassword: "not my password at all 7", newPassword: NEW_PASSWORD };
    for (let i = 0; i < 5; i++) expectProblem(await changePassword(p.accessToken, wrong), 403, "auth.reauthentication_failed");

    const before = await seenEvents();
    const throttled = await changePassword(p.accessToken, { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD });
    expectProblem(throttled, 429, "auth.throttled");
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(throttled.body.retryAfterSeconds).toBe(Number(throttled.headers.get("retry-after")));
    // Refused attempts are counted on the window, not written to the audit trail one by one.
    expect((await eventsSince(before)).filter((e) => e.type === "LOGIN_THROTTLED")).toEqual([]);
    // The same window guards sign-in: a stolen session cannot guess the password by another door either.
    expectProblem(await login(p), 429, "auth.throttled");

    // Once the window is over the right password goes through, and clears the account's window.
    h.clock.advance(Number(throttled.headers.get("retry-after")) * 1000);
    expect((await changePassword(p.accessToken, { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(204);
    expect((await login(p, NEW_PASSWORD)).status).toBe(200);
  });

  it("refuses a weak new password, or one equal to the current, with 400 password.too_weak at newPassword", async () => {
    const p = await person();
    const hashBefore = (await profile(p.id)).passwordHash;
    const cases = ["short", "password1234", `${p.email}-and-more-2024`, GOOD_PASSWORD];
    for (const newPassword of cases) {
      const res = await changePassword(p.accessToken, { currentPassword: GOOD_PASSWORD, newPassword });
      expectProblem(res, 400, "password.too_weak");
      expect(res.body.errors[0]).toEqual({ path: "newPassword", message: expect.any(String) });
    }
    const same = await changePassword(p.accessToken, { currentPassword: GOOD_PASSWORD, newPassword: GOOD_PASSWORD });
    expect(same.body.detail).toMatch(/differ/);

    // Nothing changed, and none of these counted as a failed password check.
    expect((await profile(p.id)).passwordHash).toBe(hashBefore);
    expect((await me(p.accessToken)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await changePassword(p.accessToken, { currentPassword: GOOD_PASSWORD, newPassword: "short" })).status).toBe(400);
    expect((await login(p)).status).toBe(200);
  });

  it("validates the body (400 request.invalid with paths) and requires authentication", async () => {
    const p = await person();
    const missing = await changePassword(p.accessToken, {});
    expectProblem(missing, 400, "request.invalid");
    expect(missing.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["currentPassword", "newPassword"]);

    const wrongType = await changePassword(p.accessToken, { currentPassword: GOOD_PASSWORD, newPassword: 12345678901234 });
    expectProblem(wrongType, 400, "request.invalid");
    expect(wrongType.body.errors[0].path).toBe("newPassword");

    expectUnauthenticated(await h.call("POST", "/v1/me/password", { body: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD } }));
  });
});

describe("personal access tokens", () => {
  it("create → use as Bearer → lastUsedAt → listed → revoked → refused", async () => {
    const p = await person();
    const before = await seenEvents();

    let created: Res | undefined;
    const commands = await h.recordCommands(async () => {
      created = await createToken(p.accessToken, { name: "  deploy script  ", expiresInDays: 30 });
    });
    const res = created!;
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["expiresAt", "id", "name", "token"]);
    expect(res.body.name).toBe("deploy script");
    expect(res.body.expiresAt).toBe(new Date(h.clock.now().getTime() + 30 * 86_400_000).toISOString());
    expect(res.headers.get("cache-control")).toMatch(/no-store/);
    expect(res.calls).toBeLessThanOrEqual(2);
    const [, userId, tokenId, secret] = PAT_FORMAT.exec(res.body.token) ?? [];
    expect(userId).toBe(p.id);
    expect(tokenId).toBe(res.body.id);
    // The token and its audit event in one transaction.
    const writes = commands.filter((c) => /Put|Update|Delete|Transact/.test(c.command));
    expect(writes.map((c) => c.command)).toEqual(["TransactWriteItemsCommand"]);

    // Stored only as SHA-256.
    const { Item: stored } = await h.deps.db.doc.send(new GetCommand({ TableName: h.table, Key: { pk: `USER#${p.id}`, sk: `PAT#${tokenId}` } }));
    expect(stored?.tokenHash).toBe(createHash("sha256").update(secret!).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(secret!);

    // Used as a bearer token: one BatchGet (plus the memberships of /v1/me); lastUsedAt is written in the background.
    const first = await me(res.body.token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: p.id, email: p.email });
    expect(first.calls).toBeLessThanOrEqual(2);
    const usedAt = h.clock.now().toISOString();
    await eventually(async () => expect((await listTokens(p.accessToken)).body.items[0].lastUsedAt).toBe(usedAt));
    h.clock.advance(30_000);
    const again = await me(res.body.token);
    expect(again.status).toBe(200);
    expect(again.calls).toBeLessThanOrEqual(2);

    const listed = await listTokens(p.accessToken);
    expect(listed.status).toBe(200);
    expect(listed.calls).toBeLessThanOrEqual(2);
    expect(listed.body).toEqual({
      items: [{ id: tokenId, name: "deploy script", createdAt: expect.any(String), expiresAt: res.body.expiresAt, lastUsedAt: usedAt }],
      nextCursor: null,
    });
    expect(JSON.stringify(listed.body)).not.toContain(secret!);
    expect(JSON.stringify(listed.body)).not.toContain(stored!.tokenHash);

    // A minute on, the next use is recorded again.
    h.clock.advance(31_000);
    expect((await me(res.body.token)).calls).toBeLessThanOrEqual(2);
    const later = h.clock.now().toISOString();
    await eventually(async () => expect((await listTokens(res.body.token)).body.items[0].lastUsedAt).toBe(later));

    const revoked = await revokeToken(p.accessToken, tokenId!);
    expect(revoked.status).toBe(204);
    expect(revoked.body).toBe("");
    expect(revoked.calls).toBeLessThanOrEqual(2);
    expectUnauthenticated(await me(res.body.token));
    expect((await listTokens(p.accessToken)).body.items).toEqual([]);
    expectProblem(await revokeToken(p.accessToken, tokenId!), 404, "token.not_found");

    const events = await eventsSince(before);
    expect(events.map((e) => e.type)).toEqual(["PAT_CREATED", "PAT_REVOKED"]);
    for (const event of events) {
      expect(event).toMatchObject({ actor: { type: "user", id: p.id, email: p.email }, target: { type: "token", id: tokenId }, changes: null, tenant: null });
    }
  });

  it("lists only the caller's live tokens, newest first, a page at a time", async () => {
    const p = await person();
    const q = await person();
    const names = ["oldest", "middle", "newest"];
    const made = [];
    for (const name of names) {
      made.push(await pat(p.accessToken, { name, expiresInDays: 30 }));
      h.clock.advance(1000);
    }
    const short = await pat(p.accessToken, { name: "short-lived", expiresInDays: 1 });
    const gone = await pat(p.accessToken, { name: "revoked", expiresInDays: 30 });
    expect((await revokeToken(p.accessToken, gone.id)).status).toBe(204);
    const theirs = await pat(q.accessToken, { name: "someone else's", expiresInDays: 30 });

    const all = await listTokens(p.accessToken);
    expect(all.body.items.map((t: { name: string }) => t.name)).toEqual(["short-lived", "newest", "middle", "oldest"]);
    expect(all.body.items.every((t: object) => Object.keys(t).sort().join() === "createdAt,expiresAt,id,lastUsedAt,name")).toBe(true);
    expect(all.body.items.map((t: { id: string }) => t.id)).not.toContain(theirs.id);

    // The expired one disappears from the list at its expiry instant.
    h.clock.set(short.expiresAt);
    if ((await me(p.accessToken)).status !== 200) p.accessToken = (await session(p)).accessToken;
    const paged = await listTokens(p.accessToken, "?limit=2");
    expect(paged.status).toBe(200);
    const names1 = paged.body.items.map((t: { name: string }) => t.name);
    expect(paged.body.nextCursor).toEqual(expect.any(String));
    const rest = await listTokens(p.accessToken, `?limit=2&cursor=${encodeURIComponent(paged.body.nextCursor)}`);
    expect(rest.status).toBe(200);
    const names2 = rest.body.items.map((t: { name: string }) => t.name);
    let cursor = rest.body.nextCursor;
    const more: string[] = [];
    while (cursor) {
      const next = await listTokens(p.accessToken, `?limit=2&cursor=${encodeURIComponent(cursor)}`);
      more.push(...next.body.items.map((t: { name: string }) => t.name));
      cursor = next.body.nextCursor;
    }
    expect([...names1, ...names2, ...more]).toEqual(["newest", "middle", "oldest"]);

    const theirList = await listTokens((await session(q)).accessToken);
    expect(theirList.body.items.map((t: { id: string }) => t.id)).toEqual([theirs.id]);

    for (const bad of ["?limit=0", "?limit=101", "?cursor=garbage", `?cursor=${Buffer.from(JSON.stringify({ s: "PROFILE" })).toString("base64url")}`]) {
      const res = await listTokens(p.accessToken, bad);
      expectProblem(res, 400, "request.invalid");
      expect(res.body.errors[0].path).toMatch(/limit|cursor/);
    }
    expectUnauthenticated(await h.call("GET", "/v1/me/tokens"));
  });

  it("is refused from the exact instant it expires", async () => {
    const p = await person();
    const token = await pat(p.accessToken, { name: "a day", expiresInDays: 1 });
    expect(token.expiresAt).toBe(new Date(h.clock.now().getTime() + 86_400_000).toISOString());
    h.clock.set(new Date(Date.parse(token.expiresAt) - 1));
    expect((await me(token.token)).status).toBe(200);
    h.clock.set(token.expiresAt);
    expectUnauthenticated(await me(token.token));
    // An expired token is not one of the caller's live tokens any more.
    const fresh = await session(p);
    expectProblem(await revokeToken(fresh.accessToken, token.id), 404, "token.not_found");
  });

  it("dies with its user's access: deactivated or MFA reset in the table → 401", async () => {
    const p = await person();
    const token = await pat(p.accessToken);
    expect((await me(token.token)).status).toBe(200);

    await h.setProfile(p.id, "status", "DEACTIVATED");
    expectUnauthenticated(await me(token.token));
    await h.setProfile(p.id, "status", "ACTIVE");
    expect((await me(token.token)).status).toBe(200);

    await h.setProfile(p.id, "mfaEnrolled", false);
    expectUnauthenticated(await me(token.token));
    await h.setProfile(p.id, "mfaEnrolled", true);
    expect((await me(token.token)).status).toBe(200);

    // A cut-off after it was made (what deactivation and MFA reset also set) ends it for good.
    await h.setProfile(p.id, "tokenEpoch", 1);
    expectUnauthenticated(await me(token.token));
  });

  it("refuses a tampered, forged or malformed token with 401", async () => {
    const p = await person();
    const q = await person();
    const token = await pat(p.accessToken);
    const theirs = await pat(q.accessToken);
    const [, userId, tokenId, secret] = PAT_FORMAT.exec(token.token)!;
    const [, theirUser, theirId, theirSecret] = PAT_FORMAT.exec(theirs.token)!;
    const flip = (s: string) => `${s.slice(0, -1)}${s.endsWith("A") ? "B" : "A"}`;
    const forged = [
      `rpat.${userId}.${tokenId}.${flip(secret!)}`,
      `rpat.${userId}.${tokenId}.${theirSecret}`,
      `rpat.${theirUser}.${tokenId}.${secret}`,
      `rpat.${userId}.${theirId}.${theirSecret}`,
      `rpat.${userId}.${tokenId}.${secret}x`,
      `rpat.${userId}.${tokenId}`,
      `rpat.${userId}.${tokenId}.${secret}.${secret}`,
      `rpat.${userId}.pat_doesnotexist0000000000000.${secret}`,
      `RPAT.${userId}.${tokenId}.${secret}`,
      `pat.${userId}.${tokenId}.${secret}`,
      secret!,
    ];
    for (const bad of forged) {
      const res = await me(bad);
      expect(res.status, bad).toBe(401);
      expectUnauthenticated(res);
    }
    // Both genuine ones still work.
    expect((await me(token.token)).status).toBe(200);
    expect((await me(theirs.token)).status).toBe(200);
  });

  it("answers 404 token.not_found for another user's token id or an unknown one, and leaves it working", async () => {
    const p = await person();
    const q = await person();
    const theirs = await pat(q.accessToken);
    expectProblem(await revokeToken(p.accessToken, theirs.id), 404, "token.not_found");
    expectProblem(await revokeToken(p.accessToken, "pat_00000000000000000000000000"), 404, "token.not_found");
    expectProblem(await revokeToken(p.accessToken, "PROFILE"), 404, "token.not_found");
    expect((await me(theirs.token)).status).toBe(200);
    expect((await h.auditEvents()).filter((e) => e.type === "PAT_REVOKED" && e.target.id === theirs.id)).toEqual([]);
    expectUnauthenticated(await h.call("DELETE", `/v1/me/tokens/${theirs.id}`));
  });

  it("validates name (1–100) and expiresInDays (1–365) with 400 request.invalid naming the field", async () => {
    const p = await person();
    const cases: [unknown, string][] = [
      [{ name: "x", expiresInDays: 0 }, "expiresInDays"],
      [{ name: "x", expiresInDays: 366 }, "expiresInDays"],
      [{ name: "x", expiresInDays: 1.5 }, "expiresInDays"],
      [{ name: "x", expiresInDays: "30" }, "expiresInDays"],
      [{ name: "x" }, "expiresInDays"],
      [{ name: "", expiresInDays: 30 }, "name"],
      [{ name: "   ", expiresInDays: 30 }, "name"],
      [{ name: "n".repeat(101), expiresInDays: 30 }, "name"],
      [{ expiresInDays: 30 }, "name"],
    ];
    for (const [body, path] of cases) {
      const res = await createToken(p.accessToken, body);
      expectProblem(res, 400, "request.invalid");
      expect(res.body.errors.map((e: { path: string }) => e.path), JSON.stringify(body)).toEqual([path]);
    }
    // The bounds themselves are fine.
    expect((await createToken(p.accessToken, { name: "n".repeat(100), expiresInDays: 1 })).status).toBe(201);
    expect((await createToken(p.accessToken, { name: "y", expiresInDays: 365 })).status).toBe(201);
    expectUnauthenticated(await h.call("POST", "/v1/me/tokens", { body: { name: "x", expiresInDays: 30 } }));
  });

  it("race: one token revoked 5 times at once → exactly one 204 and one PAT_REVOKED, the rest 404", async () => {
    for (let round = 0; round < 3; round++) {
      const p = await person();
      const token = await pat(p.accessToken);
      const results = await Promise.all(Array.from({ length: 5 }, () => revokeToken(p.accessToken, token.id)));
      expect(results.map((r) => r.status).sort()).toEqual([204, 404, 404, 404, 404]);
      for (const r of results.filter((r) => r.status === 404)) expectProblem(r, 404, "token.not_found");
      expect((await h.auditEvents()).filter((e) => e.type === "PAT_REVOKED" && e.target.id === token.id)).toHaveLength(1);
      expectUnauthenticated(await me(token.token));
    }
  });

  it("signing out with a token ends nothing and answers 204", async () => {
    const p = await person();
    const token = await pat(p.accessToken);
    const out = await h.call("POST", "/v1/auth/logout", { token: token.token });
    expect(out.status).toBe(204);
    expect((await me(token.token)).status).toBe(200);
    expect((await me(p.accessToken)).status).toBe(200);
  });

  it("are documented in the OpenAPI document, revocation by password change included", async () => {
    const doc = (await h.call("GET", "/openapi.json")).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/me/password", "/v1/me/tokens", "/v1/me/tokens/{id}"]));
    expect(doc.paths["/v1/me/password"].post.description).toMatch(/revokes every personal access token/);
    expect(doc.paths["/v1/me/tokens"].post.description).toMatch(/logout/);
    expect(doc.paths["/v1/me/tokens/{id}"].delete.responses["404"]).toBeDefined();
  });
});
