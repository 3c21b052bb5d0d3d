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
// Each call from an address of its own unless a test names one: the address throttle is not what these tests are about.
let address = 0;
const login = (body: Record<string, unknown>, ip = `198.51.${Math.floor(++address / 250)}.${address % 250}`) => h.call("POST", "/v1/auth/login", { body, ip });

function expectInvalid(res: Awaited<ReturnType<typeof login>>) {
  expect(res.status).toBe(401);
  expect(res.body).toMatchObject({ code: "auth.invalid_credentials", status: 401 });
  expect(res.body.detail).toBe("The email, password or authenticator code is not right.");
}

describe("POST /v1/auth/login", () => {
  it("signs in with email (any case), password and the next code, in at most 3 round trips", async () => {
    const p = await person();
    const res = await login({ email: p.email.toUpperCase(), password: GOOD_PASSWORD, totpCode: at(p.secret, 1) }, "198.51.100.7");
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

  it("validates the body", async () => {
    const res = await login({ email: "a@example.com", password: "", totpCode: "12" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("request.invalid");
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["password", "totpCode"]);
  });
});
