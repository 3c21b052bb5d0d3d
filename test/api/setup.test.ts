import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { Workspace } from "@roster/core";
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
async function invitation(role = "OPERATOR") {
  const email = `invitee${++counter}@example.com`;
  const res = await h.call("POST", "/v1/users", { token: adminToken, body: { email, role } });
  expect(res.status).toBe(201);
  return { email, token: h.tokenOf(res.body.setupUrl), setupUrl: res.body.setupUrl as string, userId: res.body.user.id as string };
}

async function startTotp(token: string) {
  const res = await h.call("POST", "/v1/setup/totp", { body: { token } });
  expect(res.status).toBe(200);
  return res.body.secret as string;
}

const currentCode = (secret: string) => totpAt(secret, stepOf(h.clock.now()));

describe("POST /v1/setup/lookup", () => {
  it("shows the invitation without using it up", async () => {
    const { email, token } = await invitation();
    for (let i = 0; i < 2; i++) {
      const res = await h.call("POST", "/v1/setup/lookup", { body: { token } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ email, role: "OPERATOR", expiresAt: expect.any(String) });
    }
  });

  it("answers 404 setup.not_found for a token that never existed", async () => {
    const res = await h.call("POST", "/v1/setup/lookup", { body: { token: "x".repeat(43) } });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("setup.not_found");
  });

  it("answers 410 setup.expired from the instant the link expires", async () => {
    const { token } = await invitation();
    const lookup = await h.call("POST", "/v1/setup/lookup", { body: { token } });
    const expiresAt = new Date(lookup.body.expiresAt);
    expect(expiresAt.getTime() - h.clock.now().getTime()).toBe(168 * 3600 * 1000);
    const saved = h.clock.now();
    try {
      h.clock.set(new Date(expiresAt.getTime() - 1));
      expect((await h.call("POST", "/v1/setup/lookup", { body: { token } })).status).toBe(200);
      h.clock.set(expiresAt);
      const res = await h.call("POST", "/v1/setup/lookup", { body: { token } });
      expect(res.status).toBe(410);
      expect(res.body.code).toBe("setup.expired");
      const complete = await h.call("POST", "/v1/setup/complete", {
        body: { token, displayName: "Late", password: GOOD_PASSWORD, totpCode: "123456" },
      });
      expect(complete.body.code).toBe("setup.expired");
    } finally {
      h.clock.set(saved);
    }
  });

  it("answers 410 setup.used once redeemed", async () => {
    const { token, setupUrl } = await invitation();
    await h.completeSetup(setupUrl);
    const res = await h.call("POST", "/v1/setup/lookup", { body: { token } });
    expect(res.status).toBe(410);
    expect(res.body.code).toBe("setup.used");
    expect((await h.call("POST", "/v1/setup/totp", { body: { token } })).body.code).toBe("setup.used");
  });

  it("refuses a missing token with request.invalid naming the field", async () => {
    const res = await h.call("POST", "/v1/setup/lookup", { body: {} });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("request.invalid");
    expect(res.body.errors).toEqual([{ path: "token", message: expect.any(String) }]);
  });
});

describe("POST /v1/setup/totp", () => {
  it("returns the same pending secret on every call, also concurrently", async () => {
    const { email, token } = await invitation();
    const answers = await Promise.all(Array.from({ length: 5 }, () => h.call("POST", "/v1/setup/totp", { body: { token } })));
    const secrets = new Set(answers.map((a) => a.body.secret));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(secrets.size).toBe(1);
    const again = await h.call("POST", "/v1/setup/totp", { body: { token } });
    expect(again.body.secret).toBe([...secrets][0]);
    expect(again.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Roster:/);
    expect(decodeURIComponent(again.body.otpauthUri)).toContain(email);
    expect(again.body.qrCodeSvg).toMatch(/^<svg/);
    expect((await h.call("POST", "/v1/setup/lookup", { body: { token } })).status).toBe(200);
  });

  it("stores the secret sealed, never in clear", async () => {
    const { token, userId } = await invitation();
    const secret = await startTotp(token);
    const { createHash } = await import("node:crypto");
    const hash = createHash("sha256").update(token).digest("hex");
    const { Item } = await h.deps.db.doc.send(new GetCommand({ TableName: h.table, Key: { pk: `SETUP#${hash}`, sk: "SETUP" } }));
    expect(Item).toBeDefined();
    expect(JSON.stringify(Item)).not.toContain(secret);
    expect(JSON.stringify(Item)).not.toContain(token);
    expect(Item!.userId).toBe(userId);
  });
});

describe("POST /v1/setup/complete", () => {
  it("activates the user, who can sign in at once; costs at most 2 round trips", async () => {
    const { email, token } = await invitation();
    const secret = await startTotp(token);
    const res = await h.call("POST", "/v1/setup/complete", {
      body: { token, displayName: "  Grace Hopper ", password: GOOD_PASSWORD, totpCode: currentCode(secret) },
    });
    expect(res.status).toBe(200);
    expect(res.calls).toBeLessThanOrEqual(2);
    expect(res.body.user).toMatchObject({ email, displayName: "Grace Hopper", status: "ACTIVE", mfaEnrolled: true, setupExpiresAt: null });
    // The code used for setup is spent: signing in needs the next step's code.
    const replay = await h.call("POST", "/v1/auth/login", { body: { email, password: GOOD_PASSWORD, totpCode: currentCode(secret) } });
    expect(replay.status).toBe(401);
    const next = await h.call("POST", "/v1/auth/login", {
      body: { email, password: GOOD_PASSWORD, totpCode: totpAt(secret, stepOf(h.clock.now()) + 1) },
    });
    expect(next.status).toBe(200);
  });

  it("leaves no copy of the seed on the spent link: the seed lives on the user alone", async () => {
    const { token, userId } = await invitation();
    const secret = await startTotp(token);
    const { createHash } = await import("node:crypto");
    const key = { pk: `SETUP#${createHash("sha256").update(token).digest("hex")}`, sk: "SETUP" };
    const read = async () => (await h.deps.db.doc.send(new GetCommand({ TableName: h.table, Key: key, ConsistentRead: true }))).Item!;
    expect((await read()).pendingTotpSecret).toEqual(expect.any(String));
    const done = await h.call("POST", "/v1/setup/complete", { body: { token, displayName: "Seedless", password: GOOD_PASSWORD, totpCode: currentCode(secret) } });
    expect(done.status).toBe(200);
    const spent = await read();
    // Still there (a late click hears "already used"), but holding nothing of the authenticator.
    expect(spent.usedAt).toEqual(expect.any(String));
    expect(spent).not.toHaveProperty("pendingTotpSecret");
    const { Item: user } = await h.deps.db.doc.send(new GetCommand({ TableName: h.table, Key: { pk: `USER#${userId}`, sk: "PROFILE" }, ConsistentRead: true }));
    expect(h.deps.secretBox.open(user!.totpSecret, userId)).toBe(secret);
  });

  it("answers 409 setup.totp_not_started before the authenticator was requested", async () => {
    const { token } = await invitation();
    const res = await h.call("POST", "/v1/setup/complete", { body: { token, displayName: "A", password: GOOD_PASSWORD, totpCode: "123456" } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("setup.totp_not_started");
  });

  it("answers 400 password.too_weak next to the password field, and leaves the link usable", async () => {
    const { email, token } = await invitation();
    const secret = await startTotp(token);
    for (const password of ["short", "password12345", `${email}!x`]) {
      const res = await h.call("POST", "/v1/setup/complete", { body: { token, displayName: "A", password, totpCode: currentCode(secret) } });
      expect(res.status, password).toBe(400);
      expect(res.body.code).toBe("password.too_weak");
      expect(res.body.errors[0].path).toBe("password");
    }
    expect((await h.call("POST", "/v1/setup/lookup", { body: { token } })).status).toBe(200);
  });

  it("answers 400 totp.invalid for a wrong code and request.invalid for a malformed one", async () => {
    const { token } = await invitation();
    const secret = await startTotp(token);
    const wrong = String((Number(currentCode(secret)) + 1) % 1_000_000).padStart(6, "0");
    const res = await h.call("POST", "/v1/setup/complete", { body: { token, displayName: "A", password: GOOD_PASSWORD, totpCode: wrong } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("totp.invalid");
    const far = totpAt(secret, stepOf(h.clock.now()) + 3);
    expect((await h.call("POST", "/v1/setup/complete", { body: { token, displayName: "A", password: GOOD_PASSWORD, totpCode: far } })).body.code).toBe(
      "totp.invalid",
    );
    const malformed = await h.call("POST", "/v1/setup/complete", { body: { token, displayName: "", password: GOOD_PASSWORD, totpCode: "12ab" } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe("request.invalid");
    expect(malformed.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["displayName", "totpCode"]);
  });

  it("race: of concurrent redemptions of one token exactly one succeeds, the rest get 410 setup.used", async () => {
    for (let round = 0; round < 4; round++) {
      const { email, token } = await invitation();
      const secret = await startTotp(token);
      const code = h.nextCode(secret);
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          h.call("POST", "/v1/setup/complete", { body: { token, displayName: `Racer ${i}`, password: GOOD_PASSWORD, totpCode: code } }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 410, 410, 410, 410, 410]);
      expect(results.filter((r) => r.status === 410).every((r) => r.body.code === "setup.used")).toBe(true);
      // Invariant: one audit record of the setup, and the user holds the winner's name.
      const winner = results.find((r) => r.status === 200)!.body.user;
      const records = (await h.auditEvents()).filter((e) => e.type === "USER_SETUP_COMPLETED" && e.target.id === winner.id);
      expect(records).toHaveLength(1);
      expect(records[0].actor).toEqual({ type: "user", id: winner.id, email });
      const login = await h.signIn(email, secret);
      const me = await h.call("GET", "/v1/me", { token: login.accessToken });
      expect(me.body.displayName).toBe(winner.displayName);
    }
  });

  it("a renewed owner link kills the previous one", async () => {
    const fresh = await createHarness();
    const first = await Workspace.ensureOwner(fresh.deps, "boss@example.com");
    const second = await Workspace.ensureOwner(fresh.deps, "boss@example.com");
    expect(first.state).toBe("created");
    expect(second.state).toBe("link_renewed");
    if (first.state === "active" || second.state === "active") throw new Error("unexpected");
    expect((await fresh.call("POST", "/v1/setup/lookup", { body: { token: fresh.tokenOf(first.setupUrl) } })).body.code).toBe("setup.not_found");
    // Even a tab that fetched the secret before the renewal cannot finish with the old link.
    await fresh.completeSetup(second.setupUrl, "Boss");
    expect((await Workspace.ensureOwner(fresh.deps, "boss@example.com")).state).toBe("active");
  });
});
