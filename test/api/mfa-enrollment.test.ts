import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { Audit, Throttle } from "@roster/core";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, GOOD_PASSWORD, type Harness } from "../harness";
import { stepOf, totpAt } from "../totp";

let h: Harness;
let adminToken: string;
beforeAll(async () => {
  h = await createHarness();
  adminToken = (await h.owner()).accessToken;
});

let counter = 0;
/** A fresh active user, set up with an authenticator. */
const person = () => h.activeUser(adminToken, `reset${++counter}@example.com`);

/** An admin resets the user's authenticator through the API. */
async function resetMfa(userId: string) {
  const res = await h.call("POST", `/v1/users/${userId}/mfa-reset`, { token: adminToken });
  expect(res.status).toBe(200);
}

/** A user whose authenticator was just reset. */
async function resetPerson() {
  const p = await person();
  await resetMfa(p.id);
  return p;
}

const at = (secret: string, offset = 0) => totpAt(secret, stepOf(h.clock.now()) + offset);
const login = (body: Record<string, unknown>, ip = "198.51.100.40") => h.call("POST", "/v1/auth/login", { body, ip });
const enroll = (enrollmentToken: string) => h.call("POST", "/v1/auth/mfa/enroll", { body: { enrollmentToken } });
const confirm = (enrollmentToken: string, totpCode: string) => h.call("POST", "/v1/auth/mfa/confirm", { body: { enrollmentToken, totpCode } });
const getItem = async (pk: string, sk: string) =>
  (await h.deps.db.doc.send(new GetCommand({ TableName: h.table, Key: { pk, sk }, ConsistentRead: true }))).Item;

/** Signs in with the password alone and returns the enrollment token. */
async function enrollmentToken(email: string): Promise<string> {
  const res = await login({ email, password: GOOD_PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(403);
  return res.body.enrollmentToken as string;
}

function expectInvalidEnrollment(res: Awaited<ReturnType<typeof enroll>>) {
  expect(res.status).toBe(401);
  expect(res.body).toMatchObject({ code: "auth.invalid_enrollment", status: 401 });
}

describe("sign-in after an MFA reset", () => {
  it("ends the sessions the user had", async () => {
    const p = await person();
    const before = await h.signIn(p.email, p.secret);
    expect((await h.call("GET", "/v1/me", { token: before.accessToken })).status).toBe(200);
    await resetMfa(p.id);
    expect((await h.call("GET", "/v1/me", { token: before.accessToken })).status).toBe(401);
    expect((await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: before.refreshToken } })).status).toBe(401);
  });

  it("answers the right password without a code with 403 and an enrollment token, in at most 3 round trips", async () => {
    const p = await resetPerson();
    const seen = new Set((await h.auditEvents()).map((e) => e.id));
    const res = await login({ email: p.email.toUpperCase(), password: GOOD_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.calls).toBeLessThanOrEqual(3);
    expect(res.body).toMatchObject({ code: "auth.mfa_enrollment_required", status: 403 });
    const token = res.body.enrollmentToken as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43,}$/);

    // Only the hash is stored, for ten minutes, and the attempt is neither a failure nor a sign-in.
    const hash = createHash("sha256").update(token).digest("hex");
    const item = await getItem(`ENROLL#${hash}`, "ENROLL");
    expect(item).toMatchObject({ userId: p.id, expiresAt: new Date(h.clock.now().getTime() + 600_000).toISOString() });
    expect(JSON.stringify(item)).not.toContain(token);
    expect(item!.ttl).toBe(Math.floor(Date.parse(item!.expiresAt) / 1000));
    expect((await h.auditEvents()).filter((e) => !seen.has(e.id))).toEqual([]);
    // The proven password cleared the account's window (its refusals, none here, stay to be recorded).
    expect(await getItem(`THROTTLE#EMAIL#${p.email}`, `WINDOW#${Throttle.windowAt(h.clock.now()).start}`)).toMatchObject({ taken: 0 });

    // A code sent along changes nothing: there is no seed to check it against.
    const withCode = await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(p.secret, 1) });
    expect(withCode.status).toBe(403);
    expect(withCode.body.enrollmentToken).not.toBe(token);
  });

  it("answers a wrong password with the usual 401, counted as a failure", async () => {
    const p = await resetPerson();
    const res = await login({ email: p.email, password: "not the password at all 3" });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("auth.invalid_credentials");
    expect(res.body.enrollmentToken).toBeUndefined();
    expect(await getItem(`THROTTLE#EMAIL#${p.email}`, `WINDOW#${Throttle.windowAt(h.clock.now()).start}`)).toMatchObject({ taken: 1 });
    const failed = (await h.auditEvents()).filter((e) => e.type === "LOGIN_FAILED" && e.target.id === p.id);
    expect(failed).toHaveLength(1);
  });

  it("answers a deactivated user with the usual 401, whatever the password", async () => {
    const p = await resetPerson();
    await h.setProfile(p.id, "status", "DEACTIVATED");
    const res = await login({ email: p.email, password: GOOD_PASSWORD });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("auth.invalid_credentials");
  });
});

describe("POST /v1/auth/mfa/enroll and /v1/auth/mfa/confirm", () => {
  it("enrolls a new authenticator and signs in with it; the token then dies and only the new seed works", async () => {
    const p = await resetPerson();
    const token = await enrollmentToken(p.email);

    const first = await enroll(token);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    const secret = first.body.secret as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(secret).not.toBe(p.secret);
    expect(first.body.otpauthUri).toContain(`secret=${secret}`);
    expect(first.body.otpauthUri).toContain(encodeURIComponent(p.email));
    expect(first.body.qrCodeSvg).toContain("<svg");
    // A reload shows the same secret.
    expect((await enroll(token)).body.secret).toBe(secret);

    const wrong = await confirm(token, at(secret, 5));
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe("totp.invalid");
    expect(wrong.body.errors).toEqual([{ path: "totpCode", message: expect.any(String) }]);
    // The old authenticator's code is just another wrong code.
    expect((await confirm(token, at(p.secret))).body.code).toBe("totp.invalid");

    const code = at(secret);
    const done = await confirm(token, code);
    expect(done.status).toBe(200);
    expect(done.headers.get("cache-control")).toBe("no-store");
    expect(done.body).toMatchObject({ expiresIn: 900, user: { id: p.id, mfaEnrolled: true, status: "ACTIVE", lastLoginAt: h.clock.now().toISOString() } });
    expect(done.body.refreshToken).toMatch(/^rt\./);
    const me = await h.call("GET", "/v1/me", { token: done.body.accessToken });
    expect(me.status).toBe(200);
    // The seed lives on the user alone now: the spent enrollment keeps no sealed copy.
    const spent = await getItem(`ENROLL#${createHash("sha256").update(token).digest("hex")}`, "ENROLL");
    expect(spent).toMatchObject({ usedAt: expect.any(String) });
    expect(spent).not.toHaveProperty("pendingTotpSecret");
    expect(me.body).toMatchObject({ id: p.id, mfaEnrolled: true });
    expect((await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: done.body.refreshToken } })).status).toBe(200);

    // The seed is stored sealed on the user, with the step the confirmation spent.
    const profile = await getItem(`USER#${p.id}`, "PROFILE");
    expect(profile).toMatchObject({ mfaEnrolled: true, totpLastStep: stepOf(h.clock.now()) });
    expect(profile!.totpSecret).toMatch(/^v1\./);
    expect(JSON.stringify(profile)).not.toContain(secret);

    expectInvalidEnrollment(await enroll(token));
    expectInvalidEnrollment(await confirm(token, at(secret, 1)));

    // The code the confirmation spent is not accepted again; the old seed is gone; the new one works.
    expect((await login({ email: p.email, password: GOOD_PASSWORD, totpCode: code })).status).toBe(401);
    expect((await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(p.secret, 1) })).status).toBe(401);
    expect((await login({ email: p.email, password: GOOD_PASSWORD })).status).toBe(401);
    const next = await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(secret, 1) });
    expect(next.status).toBe(200);
    expect(next.body.user.mfaEnrolled).toBe(true);
  });

  it("refuses to confirm before the secret was requested: 409 auth.mfa_enrollment_not_started", async () => {
    const p = await resetPerson();
    const token = await enrollmentToken(p.email);
    const res = await confirm(token, "123456");
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("auth.mfa_enrollment_not_started");
  });

  it("answers an unknown token with 401 auth.invalid_enrollment", async () => {
    const unknown = "A".repeat(43);
    expectInvalidEnrollment(await enroll(unknown));
    expectInvalidEnrollment(await confirm(unknown, "123456"));
  });

  it("lets a token live 10 minutes", async () => {
    const p = await resetPerson();
    const saved = h.clock.now();
    try {
      const token = await enrollmentToken(p.email);
      const secret = (await enroll(token)).body.secret as string;
      h.clock.advance(600_000 - 1);
      expect((await enroll(token)).body.secret).toBe(secret);
      h.clock.advance(1);
      expectInvalidEnrollment(await enroll(token));
      expectInvalidEnrollment(await confirm(token, at(secret)));
      // Nothing was enrolled: signing in again gives a new token.
      const again = await enrollmentToken(p.email);
      expect((await enroll(again)).status).toBe(200);
    } finally {
      h.clock.set(saved);
    }
  });

  it("a token dies when the user's sessions are cut again (another reset) or another token enrolled first", async () => {
    const p = await resetPerson();
    const saved = h.clock.now();
    try {
      const stale = await enrollmentToken(p.email);
      const staleSecret = (await enroll(stale)).body.secret as string;
      h.clock.advance(1000);
      await resetMfa(p.id);
      expectInvalidEnrollment(await confirm(stale, at(staleSecret)));

      const a = await enrollmentToken(p.email);
      const b = await enrollmentToken(p.email);
      const secretA = (await enroll(a)).body.secret as string;
      const secretB = (await enroll(b)).body.secret as string;
      expect(secretA).not.toBe(secretB);
      expect((await confirm(a, at(secretA))).status).toBe(200);
      expectInvalidEnrollment(await confirm(b, at(secretB)));
      // The second enrollment did not replace the first one's seed.
      expect((await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(secretA, 1) })).status).toBe(200);
    } finally {
      h.clock.set(saved);
    }
  });

  it("race: of concurrent confirmations of one token exactly one succeeds", async () => {
    for (let round = 0; round < 3; round++) {
      const p = await resetPerson();
      const token = await enrollmentToken(p.email);
      const secret = (await enroll(token)).body.secret as string;
      const code = at(secret);
      const results = await Promise.all(Array.from({ length: 5 }, () => confirm(token, code)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401]);
      expect(results.filter((r) => r.status === 401).every((r) => r.body.code === "auth.invalid_enrollment")).toBe(true);
      const enrolled = (await h.auditEvents()).filter((e) => e.type === "MFA_ENROLLED" && e.target.id === p.id);
      expect(enrolled).toHaveLength(1);
    }
  });

  it("records MFA_ENROLLED and LOGIN_SUCCEEDED in the transaction that enrolls", async () => {
    const p = await resetPerson();
    const token = await enrollmentToken(p.email);
    const secret = (await enroll(token)).body.secret as string;
    const seen = new Set((await h.auditEvents()).map((e) => e.id));
    let sessionUser = "";
    const commands = await h.recordCommands(async () => {
      const res = await confirm(token, at(secret));
      expect(res.status).toBe(200);
      sessionUser = res.body.user.id;
    });
    const events = (await h.auditEvents()).filter((e) => !seen.has(e.id)).map(Audit.toAuditEvent);
    expect(events.map((e) => e.type).sort()).toEqual(["LOGIN_SUCCEEDED", "MFA_ENROLLED"]);
    const actor = { type: "user", id: p.id, email: p.email };
    expect(events.find((e) => e.type === "MFA_ENROLLED")).toMatchObject({ actor, target: { type: "user", id: p.id, email: p.email }, changes: null, tenant: null });
    expect(events.find((e) => e.type === "LOGIN_SUCCEEDED")).toMatchObject({ actor, target: { type: "session", id: expect.stringMatching(/^ses_/) } });
    expect(sessionUser).toBe(p.id);

    const writes = commands.filter((c) => /Put|Update|Delete|Transact/.test(c.command));
    expect(writes.map((c) => c.command)).toEqual(["TransactWriteItemsCommand"]);
    const items = writes[0]!.input.TransactItems as { Put?: { Item: { entity?: string; sk: string } }; Update?: { Key: { pk: string } } }[];
    expect(items.filter((w) => w.Put?.Item.entity === "AuditEvent")).toHaveLength(2);
    const updated = items.flatMap((w) => (w.Update ? [w.Update.Key.pk] : []));
    expect(updated).toEqual(expect.arrayContaining([`USER#${p.id}`, expect.stringMatching(/^ENROLL#[0-9a-f]{64}$/)]));
    expect(items.some((w) => w.Put?.Item.sk.startsWith("SESSION#"))).toBe(true);
  });

  it("validates the bodies", async () => {
    const res = await h.call("POST", "/v1/auth/mfa/confirm", { body: { enrollmentToken: "short", totpCode: "12" } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("request.invalid");
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["enrollmentToken", "totpCode"]);
    expect((await h.call("POST", "/v1/auth/mfa/enroll", { body: {} })).body.code).toBe("request.invalid");
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await h.call("GET", "/openapi.json")).body;
    expect(Object.keys(doc.paths["/v1/auth/mfa/enroll"])).toEqual(["post"]);
    expect(Object.keys(doc.paths["/v1/auth/mfa/confirm"])).toEqual(["post"]);
    expect(doc.paths["/v1/auth/mfa/confirm"].post.responses).toHaveProperty("409");
  });
});
