import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, csrfIn, GOOD_PASSWORD, type Harness } from "../harness";

/**
 * The console's session, over HTTP: the cookie the sign-in form sets, what ends it (sign-out, the
 * idle and absolute timeouts, a deactivation), and what a state-changing request must carry.
 */
let h: Harness;
let owner: Awaited<ReturnType<Harness["owner"]>>;

beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner("owner@console.example");
});

const cookieOf = (res: { headers: Headers }) => /__Host-roster_session=([^;]*)/.exec(res.headers.get("set-cookie") ?? "")?.[1];

describe("signing in to the console", () => {
  it("sets a __Host- cookie, HttpOnly, Secure, SameSite=Lax, and goes where the person was going", async () => {
    const res = await h.call("POST", "/console/sign-in", { form: { email: owner.email, password: GOOD_PASSWORD, totpCode: h.nextCode(owner.secret), next: "/console/audit" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/audit");
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^__Host-roster_session=cs\./);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Secure/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Domain=/i);
  });

  it("never sends the person to another site after signing in", async () => {
    for (const next of ["https://evil.example/", "//evil.example/", "/\\evil.example", "/v1/users"]) {
      const res = await h.call("POST", "/console/sign-in", { form: { email: owner.email, password: GOOD_PASSWORD, totpCode: h.nextCode(owner.secret), next } });
      expect(res.headers.get("location"), next).toBe("/console");
    }
  });

  it("refuses wrong credentials with the API's words, keeps the email typed, and says nothing of whether it exists", async () => {
    const known = await h.call("POST", "/console/sign-in", { form: { email: owner.email, password: "not the password at all", totpCode: "123456" } });
    const unknown = await h.call("POST", "/console/sign-in", { form: { email: "nobody@console.example", password: "not the password at all", totpCode: "123456" } });
    expect(known.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(known.body).toContain("The email, password or authenticator code is not right.");
    expect(known.body.replaceAll(owner.email, "EMAIL")).toBe(unknown.body.replaceAll("nobody@console.example", "EMAIL"));
    expect(cookieOf(known)).toBeUndefined();
  });

  it("refuses a form posted from another origin, or without one, with a 403 page", async () => {
    for (const origin of ["https://evil.example", ""]) {
      const res = await h.call("POST", "/console/sign-in", { form: { email: owner.email, password: GOOD_PASSWORD }, headers: origin ? { Origin: origin } : { Origin: "null" } });
      expect(res.status, origin).toBe(403);
      expect(res.body).toContain("did not come from a Roster page");
    }
  });
});

describe("the console's session", () => {
  it("is the cookie alone: a page reads the person in one round trip, and / leads to the console", async () => {
    const cookie = await h.consoleCookie(owner.email, owner.secret);
    const start = await h.call("GET", "/console", { cookie });
    expect(start.status).toBe(302);
    expect(start.headers.get("location")).toBe("/console/team");
    expect(start.calls).toBe(1);
    expect((await h.call("GET", "/")).headers.get("location")).toBe("/console");
  });

  it("without a cookie, or with a dead one, leads to sign-in and back", async () => {
    const res = await h.call("GET", "/console/audit?type=LOGOUT");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/console/sign-in?next=${encodeURIComponent("/console/audit?type=LOGOUT")}`);
    const forged = await h.call("GET", "/console", { cookie: "cs.usr_x.ses_y.zzz" });
    expect(forged.headers.get("location")).toMatch(/^\/console\/sign-in/);
  });

  it("signs out with the session's CSRF token, and not without it", async () => {
    const cookie = await h.consoleCookie(owner.email, owner.secret);
    const page = await h.call("GET", "/console/account", { cookie });
    const csrf = csrfIn(page.body);
    expect(csrf).toBeDefined();
    expect((await h.call("POST", "/console/sign-out", { cookie, form: { _csrf: "forged" } })).status).toBe(403);
    expect((await h.call("GET", "/console", { cookie })).status).toBe(302);
    const out = await h.call("POST", "/console/sign-out", { cookie, form: { _csrf: csrf! } });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/console/sign-in");
    expect((await h.call("GET", "/console", { cookie })).headers.get("location")).toMatch(/^\/console\/sign-in/);
  });

  it("ends after 30 idle minutes, and after 12 hours whatever happens", async () => {
    const cookie = await h.consoleCookie(owner.email, owner.secret);
    // A page load every 20 minutes keeps it going…
    for (let i = 0; i < 3; i++) {
      h.clock.advance(20 * 60_000);
      expect((await h.call("GET", "/console", { cookie })).headers.get("location"), `load ${i}`).toBe("/console/team");
    }
    // …31 minutes without one ends it.
    h.clock.advance(31 * 60_000);
    expect((await h.call("GET", "/console", { cookie })).headers.get("location")).toMatch(/^\/console\/sign-in/);

    const lasting = await h.consoleCookie(owner.email, owner.secret);
    for (let minutes = 0; minutes < 12 * 60; minutes += 20) {
      h.clock.advance(20 * 60_000);
      const res = await h.call("GET", "/console", { cookie: lasting });
      if (minutes + 20 >= 12 * 60) expect(res.headers.get("location")).toMatch(/^\/console\/sign-in/);
      else expect(res.headers.get("location"), `after ${minutes + 20} minutes`).toBe("/console/team");
    }
  });

  it("ends on the next page load when the person is deactivated", async () => {
    const fresh = await h.signIn(owner.email, owner.secret);
    const person = await h.member(fresh.accessToken, "leaver@console.example", "VIEWER");
    const cookie = await h.consoleCookie(person.email, person.secret);
    expect((await h.call("GET", "/console", { cookie })).headers.get("location")).toBe("/console/team");
    expect((await h.call("POST", `/v1/users/${person.id}/deactivate`, { token: fresh.accessToken })).status).toBe(200);
    expect((await h.call("GET", "/console", { cookie })).headers.get("location")).toMatch(/^\/console\/sign-in/);
  });

  it("is not a refresh token: its secret buys no API tokens", async () => {
    const cookie = await h.consoleCookie(owner.email, owner.secret);
    const [, userId, sessionId, secret] = cookie.split(".");
    const res = await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: `rt.${userId}.${sessionId}.${secret}` } });
    expect(res.status).toBe(401);
  });
});

describe("throttled sign-in in the console", () => {
  it("says so with Retry-After, the same for a known and an unknown email, and keeps the email typed", async () => {
    const attempt = (email: string, ip: string) => h.call("POST", "/console/sign-in", { ip, form: { email, password: "not the password at all", totpCode: "123456" } });
    const answers = async (email: string, ip: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await attempt(email, ip)).status);
      return { statuses, last: await attempt(email, ip) };
    };
    const known = await answers(owner.email, "198.51.100.7");
    const unknown = await answers("nobody.at.all@console.example", "198.51.100.8");
    for (const { statuses, last } of [known, unknown]) {
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(last.status).toBe(429);
      expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(last.body).toMatch(/Too many sign-in attempts\. Try again in \d+ seconds\./);
    }
    expect(known.last.body).toContain(`value="${owner.email}"`);
    // Fifteen minutes on, the window has passed and the right credentials work again.
    h.clock.advance(15 * 60_000 + 1000);
    const res = await h.call("POST", "/console/sign-in", { ip: "198.51.100.7", form: { email: owner.email, password: GOOD_PASSWORD, totpCode: h.nextCode(owner.secret) } });
    expect(res.status).toBe(303);
  });
});

describe("the start page of a client user", () => {
  it("goes straight to the portal with one tenant, and offers a choice with several", async () => {
    const fresh = await h.signIn(owner.email, owner.secret);
    await h.createTenant(fresh.accessToken, "first", "First Bank");
    await h.createTenant(fresh.accessToken, "second", "Second Bank");
    const client = await h.clientUser(fresh.accessToken, "first", "chooser@client.example", "CLIENT_VIEWER");
    const cookie = await h.consoleCookie(client.email, client.secret);
    const one = await h.call("GET", "/console", { cookie });
    expect(one.headers.get("location")).toBe("/portal/first");

    await h.grant(fresh.accessToken, "second", client.id, "CLIENT_ADMIN");
    const several = await h.call("GET", "/console", { cookie });
    expect(several.status).toBe(200);
    expect(several.body).toContain("<h1>Your tenants</h1>");
    expect(several.body).toContain('<a href="/portal/first">First Bank</a>');
    expect(several.body).toContain('<a href="/portal/second">Second Bank</a>');
  });
});
