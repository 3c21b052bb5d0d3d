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
/** A fresh active user, with the TOTP step used at setup. */
const person = () => h.activeUser(adminToken, `person${++counter}@example.com`);

const at = (secret: string, offset = 0) => totpAt(secret, stepOf(h.clock.now()) + offset);
const login = (body: Record<string, unknown>, ip = "198.51.100.7") => h.call("POST", "/v1/auth/login", { body, ip });

function expectInvalid(res: Awaited<ReturnType<typeof login>>) {
  expect(res.status).toBe(401);
  expect(res.body).toMatchObject({ code: "auth.invalid_credentials", status: 401 });
  expect(res.body.detail).toBe("The email, password or authenticator code is not right.");
}

describe("POST /v1/auth/login", () => {
  it("signs in with email (any case), password and the next code, in at most 3 round trips", async () => {
    const p = await person();
    const res = await login({ email: p.email.toUpperCase(), password: GOOD_PASSWORD, totpCode: at(p.secret, 1) });
    expect(res.status).toBe(200);
    expect(res.calls).toBeLessThanOrEqual(3);
    expect(res.body).toMatchObject({ expiresIn: 900, user: { id: p.id, status: "ACTIVE", lastLoginAt: h.clock.now().toISOString() } });
    expect(res.body.accessToken.split(".")).toHaveLength(3);
    expect(res.body.refreshToken).toMatch(/^rt\./);
    const succeeded = (await h.auditEvents()).filter((e) => e.type === "LOGIN_SUCCEEDED" && e.actor.id === p.id);
    expect(succeeded).toHaveLength(1);
    expect(succeeded[0].context).toMatchObject({ ip: "198.51.100.7" });
  });

  it("answers the same 401 for an unknown email, a wrong password, a wrong code and a missing code", async () => {
    const p = await person();
    expectInvalid(await login({ email: "nobody@example.com", password: GOOD_PASSWORD, totpCode: at(p.secret, 1) }));
    expectInvalid(await login({ email: p.email, password: "wrong password entirely 9", totpCode: at(p.secret, 1) }));
    expectInvalid(await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(p.secret, 5) }));
    expectInvalid(await login({ email: p.email, password: GOOD_PASSWORD }));
    const failed = (await h.auditEvents()).filter((e) => e.type === "LOGIN_FAILED");
    expect(failed.some((e) => e.target.id === "nobody@example.com" && e.target.type === "email")).toBe(true);
    expect(failed.filter((e) => e.target.id === p.id)).toHaveLength(3);
  });

  it("never accepts a code twice, and a refused attempt does not spend it", async () => {
    const p = await person();
    const code = at(p.secret, 1);
    expectInvalid(await login({ email: p.email, password: "not the password at all 1", totpCode: code }));
    expect((await login({ email: p.email, password: GOOD_PASSWORD, totpCode: code })).status).toBe(200);
    expectInvalid(await login({ email: p.email, password: GOOD_PASSWORD, totpCode: code }));
    // An earlier step than the one spent is refused too.
    expectInvalid(await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(p.secret, -1) }));
  });

  it("race: of concurrent sign-ins with one code exactly one succeeds", async () => {
    for (let round = 0; round < 3; round++) {
      const p = await person();
      const code = at(p.secret, 1);
      const results = await Promise.all(Array.from({ length: 5 }, () => login({ email: p.email, password: GOOD_PASSWORD, totpCode: code })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401]);
      const sessions = (await h.auditEvents()).filter((e) => e.type === "LOGIN_SUCCEEDED" && e.actor.id === p.id);
      expect(sessions).toHaveLength(1);
    }
  });

  it("refuses a deactivated user with the same 401, without spending the code", async () => {
    const p = await person();
    const setStatus = (status: string) => h.setProfile(p.id, "status", status);
    await setStatus("DEACTIVATED");
    const code = at(p.secret, 1);
    expectInvalid(await login({ email: p.email, password: GOOD_PASSWORD, totpCode: code }));
    await setStatus("ACTIVE");
    expect((await login({ email: p.email, password: GOOD_PASSWORD, totpCode: code })).status).toBe(200);
  });

  it("throttles an account after 5 failures with a growing Retry-After, then lets it in", async () => {
    const p = await person();
    const saved = h.clock.now();
    try {
      for (let i = 0; i < 5; i++) expectInvalid(await login({ email: p.email, password: `wrong password number ${i}`, totpCode: at(p.secret, 1) }, `203.0.113.${i}`));
      const blocked = await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(p.secret, 1) }, "203.0.113.99");
      expect(blocked.status).toBe(429);
      expect(blocked.body.code).toBe("auth.throttled");
      expect(blocked.headers.get("retry-after")).toBe("1");
      expect((await h.auditEvents()).some((e) => e.type === "LOGIN_THROTTLED" && e.target.id === p.email)).toBe(true);

      h.clock.advance(1000);
      expectInvalid(await login({ email: p.email, password: "wrong again, sixth time", totpCode: at(p.secret, 1) }));
      const longer = await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(p.secret, 1) });
      expect(longer.status).toBe(429);
      expect(longer.headers.get("retry-after")).toBe("2");

      h.clock.advance(2000);
      const ok = await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(p.secret, 1) });
      expect(ok.status).toBe(200);
      // Success clears the account's counter: one more failure is not throttled.
      expectInvalid(await login({ email: p.email, password: "one more wrong password", totpCode: at(p.secret, 1) }));
      h.clock.advance(30_000);
      expect((await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(p.secret, 1) })).status).toBe(200);
    } finally {
      h.clock.set(saved);
    }
  });

  it("throttles an IP that fails across many accounts after 20 failures, whatever the email", async () => {
    const ip = "192.0.2.200";
    for (let i = 0; i < 20; i++) expectInvalid(await login({ email: `spray${i}@example.com`, password: "guess guess guess" }, ip));
    const blocked = await login({ email: "spray-next@example.com", password: "guess guess guess" }, ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Another IP is unaffected.
    expectInvalid(await login({ email: "spray-next@example.com", password: "guess guess guess" }, "192.0.2.201"));
  });

  it("race: parallel failures are all counted", async () => {
    const p = await person();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => login({ email: p.email, password: `parallel wrong ${i}`, totpCode: "000000" }, `198.18.0.${i}`)),
    );
    expect(results.every((r) => r.status === 401)).toBe(true);
    const blocked = await login({ email: p.email, password: GOOD_PASSWORD, totpCode: at(p.secret, 1) }, "198.18.1.1");
    expect(blocked.status).toBe(429);
    // 8 failures, 5 free: 2^3 = 8 s from the last one.
    expect(blocked.headers.get("retry-after")).toBe("8");
  });

  it("validates the body", async () => {
    const res = await login({ email: "a@example.com", password: "", totpCode: "12" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("request.invalid");
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["password", "totpCode"]);
  });
});
