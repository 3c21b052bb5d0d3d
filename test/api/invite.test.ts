import { sesMailer } from "@roster/core";
import { createApp } from "@roster/http";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";

let h: Harness;
let owner: Awaited<ReturnType<Harness["owner"]>>;
beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner("founder@example.com");
});

describe("POST /v1/users", () => {
  it("creates an INVITED user, returns and mails the setup link, within 3 round trips", async () => {
    const res = await h.call("POST", "/v1/users", { token: owner.accessToken, body: { email: "New.Person@Example.com", role: "OPERATOR" } });
    expect(res.status).toBe(201);
    expect(res.calls).toBeLessThanOrEqual(3);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toEqual({
      user: {
        id: expect.stringMatching(/^usr_[0-9a-z]{24}$/),
        email: "New.Person@Example.com",
        displayName: null,
        role: "OPERATOR",
        status: "INVITED",
        isOwner: false,
        mfaEnrolled: false,
        createdAt: h.clock.now().toISOString(),
        invitedBy: { id: owner.user.id, email: "founder@example.com" },
        lastLoginAt: null,
        setupExpiresAt: res.body.setupExpiresAt,
        source: "local",
      },
      setupUrl: expect.stringMatching(/^http:\/\/roster\.test\/setup#token=st\.usr_[0-9a-z]{24}\.[A-Za-z0-9_-]{43}$/),
      setupExpiresAt: new Date(h.clock.now().getTime() + 168 * 3600_000).toISOString(),
      emailDelivery: "sent",
    });
    const [mail] = await h.mailsTo("new.person@example.com");
    expect(mail).toBeDefined();
    expect(mail!.subject).toMatch(/invited to Roster/i);
    expect(mail!.body.text).toContain(res.body.setupUrl);
    expect(mail!.body.html).toContain(res.body.setupUrl);
    expect(mail!.body.text).toContain("founder@example.com invited you to Roster as an operator (OPERATOR)");
    // The setup page refuses to be framed; a mail viewer that frames mail must open the link in a tab.
    expect(mail!.body.html).toMatch(/<a href="[^"]+\/setup#token=[^"]+" target="_blank" rel="noopener noreferrer"/);
    expect(mail!.from).toContain("roster@example.com");

    const events = (await h.auditEvents()).filter((e) => e.type === "USER_INVITED" && e.target.id === res.body.user.id);
    expect(events).toHaveLength(1);
    expect(events[0].actor).toEqual({ type: "user", id: owner.user.id, email: "founder@example.com" });
    expect(events[0].changes.role).toEqual({ before: null, after: "OPERATOR" });
  });

  it("answers 409 user.email_taken for an email already claimed, whatever its case", async () => {
    await h.call("POST", "/v1/users", { token: owner.accessToken, body: { email: "taken@example.com", role: "CONTRACTOR" } });
    const res = await h.call("POST", "/v1/users", { token: owner.accessToken, body: { email: "TAKEN@example.com ", role: "OPERATOR" } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("user.email_taken");
  });

  it("race: of concurrent invitations of one email exactly one is created", async () => {
    for (let round = 0; round < 4; round++) {
      const email = `race${round}@example.com`;
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          h.call("POST", "/v1/users", { token: owner.accessToken, body: { email: i % 2 ? email.toUpperCase() : email, role: "OPERATOR" } }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      const invited = (await h.auditEvents()).filter((e) => e.type === "USER_INVITED" && e.target.email.toLowerCase() === email);
      expect(invited).toHaveLength(1);
    }
  });

  it("validates the body precisely", async () => {
    const res = await h.call("POST", "/v1/users", { token: owner.accessToken, body: { email: "not-an-email", role: "KING" } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("request.invalid");
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["email", "role"]);
  });

  it("requires a signed-in SUPER_ADMIN", async () => {
    const anonymous = await h.call("POST", "/v1/users", { body: { email: "x@example.com", role: "OPERATOR" } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe("auth.unauthenticated");
    const operator = await h.member(owner.accessToken, "operator@example.com", "OPERATOR");
    const forbidden = await h.call("POST", "/v1/users", { token: operator.accessToken, body: { email: "y@example.com", role: "OPERATOR" } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe("auth.forbidden");
    expect(forbidden.calls).toBeLessThanOrEqual(1);
  });

  it('still creates the user and returns the link when SES refuses: emailDelivery "failed"', async () => {
    const unreachable = sesMailer({
      endpoint: "http://127.0.0.1:9",
      from: "roster@example.com",
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const app = createApp({ ...h.deps, mailer: unreachable }, { clientIp: () => "192.0.2.1" });
    const response = await app.request("/v1/users", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${owner.accessToken}` },
      body: JSON.stringify({ email: "offline@example.com", role: "OPERATOR" }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { emailDelivery: string; setupUrl: string };
    expect(body.emailDelivery).toBe("failed");
    expect((await h.call("POST", "/v1/setup/lookup", { body: { token: h.tokenOf(body.setupUrl) } })).status).toBe(200);
  });
});
