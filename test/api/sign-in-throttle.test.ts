import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { Throttle, type PasswordHasher } from "@roster/core";
import { Keys } from "@roster/core/store/keys";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, GOOD_PASSWORD, type Harness } from "../harness";
import { stepOf, totpAt } from "../totp";

let h: Harness;
let adminToken: string;
beforeAll(async () => {
  // The clock moves window by window here: the owner's access token must outlive that.
  h = await createHarness({ env: { ROSTER_ACCESS_TOKEN_TTL_SECONDS: "86400" } });
  adminToken = (await h.owner()).accessToken;
});

let counter = 0;
const person = (role = "OPERATOR") => h.activeUser(adminToken, `throttled${++counter}@example.com`, role);
const at = (secret: string, offset = 1) => totpAt(secret, stepOf(h.clock.now()) + offset);
const login = (body: Record<string, unknown>, ip = "198.51.100.7") => h.call("POST", "/v1/auth/login", { body, ip });
const wrong = (email: string, i = 0) => ({ email, password: `wrong password number ${i}`, totpCode: "000000" });

/**
 * Moves the clock (forward only: TOTP steps already spent stay spent) to one second into the next
 * throttle window, so a test's attempts all fall in one window.
 */
function startNextWindow() {
  const next = Math.ceil((h.clock.now().getTime() + 1) / Throttle.THROTTLE_WINDOW_MS) * Throttle.THROTTLE_WINDOW_MS;
  h.clock.set(new Date(next + 1000));
}
const secondsToWindowEnd = () => Math.ceil((Date.parse(Throttle.windowAt(h.clock.now()).end) - h.clock.now().getTime()) / 1000);

/** The audit events written since `seen` was taken (events of one instant do not sort by when they were written). */
const seenEvents = async () => new Set((await h.auditEvents()).map((e) => e.id as string));
const eventsSince = async (seen: Set<string>) => (await h.auditEvents()).filter((e) => !seen.has(e.id));

const statuses = (results: { status: number }[]) => results.reduce<Record<number, number>>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {});

describe("the sign-in throttle", () => {
  it("evaluates 5 guesses per account per window; the rest answer 429 until the window ends", async () => {
    const p = await person();
    startNextWindow();
    for (let i = 0; i < 5; i++) expect((await login(wrong(p.email, i), `203.0.113.${i}`)).status).toBe(401);
    const blocked = await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(p.secret) }, "203.0.113.99");
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ code: "auth.throttled", retryAfterSeconds: secondsToWindowEnd() });
    expect(blocked.headers.get("retry-after")).toBe(String(secondsToWindowEnd()));
    expect(blocked.calls).toBeLessThanOrEqual(3);

    startNextWindow();
    expect((await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(p.secret) })).status).toBe(200);
  });

  it("a right password gives the account its window back", async () => {
    const p = await person();
    startNextWindow();
    for (let i = 0; i < 4; i++) expect((await login(wrong(p.email, i))).status).toBe(401);
    expect((await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(p.secret) })).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await login(wrong(p.email, i))).status).toBe(401);
    expect((await login(wrong(p.email))).status).toBe(429);
  });

  it("evaluates 20 guesses per address per window, whatever the emails; a success returns its own slot only", async () => {
    startNextWindow();
    const ip = "192.0.2.200";
    const p = await person();
    for (let i = 0; i < 19; i++) expect((await login(wrong(`spray${i}@example.com`), ip)).status).toBe(401);
    expect((await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(p.secret) }, ip)).status).toBe(200);
    expect((await login(wrong("spray19@example.com"), ip)).status).toBe(401);
    const blocked = await login(wrong("spray-next@example.com"), ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBe(secondsToWindowEnd());
    // Another address is unaffected.
    expect((await login(wrong("spray-next@example.com"), "192.0.2.201")).status).toBe(401);
  });

  it("race: 60 parallel wrong passwords for one account from 60 addresses evaluate at most 5", async () => {
    for (let round = 0; round < 3; round++) {
      const p = await person();
      startNextWindow();
      const before = await seenEvents();
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) => login(wrong(p.email, i), `198.18.${round}.${i}`)));
      const n = statuses(results);
      expect(n[401]).toBeLessThanOrEqual(5);
      expect((n[401] ?? 0) + (n[429] ?? 0)).toBe(60);
      const written = await eventsSince(before);
      expect(written.filter((e) => e.type === "LOGIN_FAILED" && e.target.id === p.id).length).toBe(n[401]);
      // Nothing refused wrote to the audit trail.
      expect(written.filter((e) => e.type === "LOGIN_THROTTLED")).toEqual([]);
    }
  });

  it("race: 60 parallel code guesses with the right password evaluate at most 5, and the right code wins at most once", async () => {
    for (let round = 0; round < 3; round++) {
      const p = await person();
      startNextWindow();
      const right = at(p.secret);
      const guesses = Array.from({ length: 60 }, (_, i) => (i === 30 ? right : String((Number(right) + 1 + i) % 1_000_000).padStart(6, "0")));
      const results = await Promise.all(guesses.map((code, i) => login({ email: p.email, password: GOOD_PASSWORD, totpCode: code }, `198.19.${round}.${i}`)));
      const n = statuses(results);
      expect((n[200] ?? 0) + (n[401] ?? 0)).toBeLessThanOrEqual(5);
      expect(n[200] ?? 0).toBeLessThanOrEqual(1);
      expect((n[200] ?? 0) + (n[401] ?? 0) + (n[429] ?? 0)).toBe(60);

      // The right code clearing the window while refusals were being counted on it keeps the
      // count: the window's record, after it ends, says how many the full window refused.
      const before = await seenEvents();
      startNextWindow();
      await Throttle.reportRefusals(h.deps);
      const recorded = (await eventsSince(before)).filter((e) => e.type === "LOGIN_THROTTLED" && e.target.id === p.email);
      expect(recorded.length).toBeLessThanOrEqual(1);
      for (const event of recorded) expect(event.changes.refusedAttempts.after).toBeLessThanOrEqual(n[429] ?? 0);
    }
  });

  it("race: 100 parallel failures from one address evaluate at most 20", async () => {
    startNextWindow();
    const ip = "192.0.2.77";
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => login(wrong(`burst${i}@example.com`), ip)));
    const n = statuses(results);
    expect(n[401]).toBeLessThanOrEqual(20);
    expect((n[401] ?? 0) + (n[429] ?? 0)).toBe(100);
  });

  it("race: 40 parallel wrong current passwords evaluate at most 5, on the account's window", async () => {
    const p = await person();
    const session = await h.signIn(p.email, p.secret);
    startNextWindow();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        h.call("POST", "/v1/me/password", { token: session.accessToken, body: { currentPassword: `not it ${i} at all`, newPassword: "a brand new passphrase 42" } }),
      ),
    );
    const n = statuses(results);
    expect(n[403]).toBeLessThanOrEqual(5);
    expect((n[403] ?? 0) + (n[429] ?? 0)).toBe(40);
    // The same window guards sign-in.
    expect((await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(p.secret) })).status).toBe(429);
  });
});

describe("LOGIN_THROTTLED", () => {
  it("is recorded once per window and key, after the window, with the count of refused attempts", async () => {
    const p = await person();
    startNextWindow();
    await Throttle.reportRefusals(h.deps); // what earlier tests left
    const before = await seenEvents();
    for (let i = 0; i < 5; i++) await login(wrong(p.email, i), `203.0.114.${i}`);
    const refused = await Promise.all(Array.from({ length: 30 }, (_, i) => login(wrong(p.email, i), `203.0.115.${i}`)));
    expect(refused.every((r) => r.status === 429)).toBe(true);
    expect((await eventsSince(before)).filter((e) => e.type === "LOGIN_THROTTLED")).toEqual([]);

    // While the window lasts there is nothing to record yet.
    expect(await Throttle.reportRefusals(h.deps)).toEqual({ reported: 0 });
    startNextWindow();
    // Overlapping runs record the window once.
    const runs = await Promise.all([Throttle.reportRefusals(h.deps), Throttle.reportRefusals(h.deps), Throttle.reportRefusals(h.deps)]);
    expect(runs.reduce((sum, run) => sum + run.reported, 0)).toBe(1);
    expect(await Throttle.reportRefusals(h.deps)).toEqual({ reported: 0 });

    const recorded = (await eventsSince(before)).filter((e) => e.type === "LOGIN_THROTTLED");
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      actor: { type: "system", id: "system:sign-in", name: "sign-in" },
      target: { type: "email", id: p.email, email: p.email },
      changes: { refusedAttempts: { before: null, after: 30 }, windowEnd: { before: null, after: expect.any(String) } },
    });
  });

  it("files the refused windows of many keys over several partitions, and the job records each once", async () => {
    startNextWindow();
    await Throttle.reportRefusals(h.deps);
    const before = await seenEvents();
    const emails = Array.from({ length: 10 }, (_, i) => `spread${i}@example.com`);
    // Five guesses fill each account's window; the sixth is refused and files the window.
    await Promise.all(emails.map(async (email, e) => {
      for (let i = 0; i < 6; i++) await login(wrong(email, i), `198.18.${e}.${i}`);
    }));
    const filed = await Promise.all(
      Keys.throttleReports.map(async (pk) => (await h.deps.db.doc.send(new QueryCommand({ TableName: h.table, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": pk } }))).Items ?? []),
    );
    expect(filed.filter((items) => items.length > 0).length).toBeGreaterThan(1);
    expect(filed.flat().map((item) => item.value).sort()).toEqual([...emails].sort());
    startNextWindow();
    expect(await Throttle.reportRefusals(h.deps)).toEqual({ reported: 10 });
    const recorded = (await eventsSince(before)).filter((e) => e.type === "LOGIN_THROTTLED");
    expect(recorded.map((e) => e.target.id).sort()).toEqual([...emails].sort());
  });

  it("names the address when the address's window was full", async () => {
    startNextWindow();
    const ip = "192.0.2.88";
    for (let i = 0; i < 20; i++) await login(wrong(`addr${i}@example.com`), ip);
    for (let i = 0; i < 3; i++) expect((await login(wrong(`addr-more${i}@example.com`), ip)).status).toBe(429);
    startNextWindow();
    await Throttle.reportRefusals(h.deps);
    const recorded = (await h.auditEvents()).filter((e) => e.type === "LOGIN_THROTTLED" && e.target.id === ip);
    expect(recorded).toEqual([
      expect.objectContaining({ target: { type: "ip", id: ip }, changes: expect.objectContaining({ refusedAttempts: { before: null, after: 3 } }), context: expect.objectContaining({ ip }) }),
    ]);
  });
});

describe("sign-in does not tell whether an email exists", () => {
  it("costs the same round trips and one password hash check for an active, invited, deactivated and unknown email", async () => {
    startNextWindow();
    const active = await person();
    const deactivated = await person();
    await h.setProfile(deactivated.id, "status", "DEACTIVATED");
    const invited = await h.call("POST", "/v1/users", { token: adminToken, body: { email: "not-yet@example.com", role: "OPERATOR" } });
    expect(invited.status).toBe(201);

    const real = h.deps.passwords;
    let verifies = 0;
    const counting: PasswordHasher = { hash: real.hash, verify: (hash, password) => ((verifies += 1), real.verify(hash, password)) };
    h.deps.passwords = counting;
    try {
      for (const email of [active.email, "not-yet@example.com", deactivated.email, "nobody-at-all@example.com"]) {
        verifies = 0;
        const res = await login({ email, password: "a wrong password, surely", totpCode: "123456" }, "198.51.100.200");
        expect(res.status).toBe(401);
        expect(res.body.code).toBe("auth.invalid_credentials");
        expect(res.calls).toBe(3);
        expect(verifies).toBe(1);
      }
    } finally {
      h.deps.passwords = real;
    }
  });
});
