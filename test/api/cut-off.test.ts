import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, GOOD_PASSWORD, type Harness } from "../harness";

/**
 * Issue 4's cut-off: after each of deactivate / remove / MFA reset / password change, each kind of
 * credential the user held is refused on its very next use. A role change, by contrast, cuts
 * nothing and takes effect on the next request.
 */

type Res = Awaited<ReturnType<Harness["call"]>>;
type Session = { accessToken: string; refreshToken: string };
/** A user holding every kind of credential: two sessions and a personal access token made in the first. */
type Holder = { id: string; email: string; secret: string; first: Session; second: Session; pat: string };

const NEW_PASSWORD = "violet harbor quill tundra 58";

let h: Harness;
let adminToken = "";
beforeAll(async () => {
  h = await createHarness();
  adminToken = (await h.owner("owner@cut.example")).accessToken;
});

const me = (token: string) => h.call("GET", "/v1/me", { token });
const refresh = (refreshToken: string) => h.call("POST", "/v1/auth/refresh", { body: { refreshToken } });
const asAdmin = (method: string, path: string, body?: unknown) => h.call(method, path, { token: adminToken, body });

function expectProblem(res: Res, status: number, code: string) {
  expect({ status: res.status, code: res.body?.code }, JSON.stringify(res.body)).toEqual({ status, code });
}

/** Rotates a session's refresh token once: the pair held afterwards is the session's current one. */
async function rotated(session: Session): Promise<Session> {
  const res = await refresh(session.refreshToken);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
}

let counter = 0;
/** A fresh OPERATOR with every credential, each shown to work before the action. */
async function holder(): Promise<Holder> {
  const email = `holder${++counter}@cut.example`;
  const m = await h.member(adminToken, email, "OPERATOR");
  const second = await rotated(await h.signIn(email, m.secret));
  const first = await rotated(m);
  const pat = await h.call("POST", "/v1/me/tokens", { token: first.accessToken, body: { name: "script", expiresInDays: 30 } });
  expect(pat.status, JSON.stringify(pat.body)).toBe(201);
  for (const token of [first.accessToken, second.accessToken, pat.body.token]) expect((await me(token)).status).toBe(200);
  return { id: m.user.id, email, secret: m.secret, first, second, pat: pat.body.token };
}

type Action = {
  name: string;
  act: (p: Holder) => Promise<Res>;
  status: number;
  /** The session the action is made from lives on (a password change keeps the caller signed in). */
  callerSurvives?: true;
  /** Something that gives the user access again: the old credentials must stay dead through it. */
  undo?: { name: string; run: (p: Holder) => Promise<void> };
};

const ACTIONS: Action[] = [
  {
    name: "deactivate",
    act: (p) => asAdmin("POST", `/v1/users/${p.id}/deactivate`),
    status: 200,
    undo: {
      name: "reactivation",
      run: async (p) => expect((await asAdmin("POST", `/v1/users/${p.id}/reactivate`)).status).toBe(200),
    },
  },
  {
    name: "remove",
    act: (p) => asAdmin("DELETE", `/v1/users/${p.id}`),
    status: 204,
    undo: {
      name: "a new invitation of the same email, set up",
      run: async (p) => {
        const again = await asAdmin("POST", "/v1/users", { email: p.email, role: "OPERATOR" });
        expect(again.status).toBe(201);
        await h.completeSetup(again.body.setupUrl);
      },
    },
  },
  {
    name: "MFA reset",
    act: (p) => asAdmin("POST", `/v1/users/${p.id}/mfa-reset`),
    status: 200,
    undo: {
      name: "re-enrollment of an authenticator",
      run: async (p) => {
        const login = await h.call("POST", "/v1/auth/login", { body: { email: p.email, password: GOOD_PASSWORD } });
        expectProblem(login, 403, "auth.mfa_enrollment_required");
        const enrollmentToken = login.body.enrollmentToken as string;
        const secret = (await h.call("POST", "/v1/auth/mfa/enroll", { body: { enrollmentToken } })).body.secret as string;
        expect((await h.call("POST", "/v1/auth/mfa/confirm", { body: { enrollmentToken, totpCode: h.nextCode(secret) } })).status).toBe(200);
      },
    },
  },
  {
    name: "password change",
    act: (p) => h.call("POST", "/v1/me/password", { token: p.first.accessToken, body: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD } }),
    status: 204,
    callerSurvives: true,
  },
  {
    name: "password change made with the personal access token",
    // No session made it: every session ends, and every token, that one included.
    act: (p) => h.call("POST", "/v1/me/password", { token: p.pat, body: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD } }),
    status: 204,
  },
];

type Credential = {
  name: string;
  /** Which session it belongs to; the personal access token belongs to none (it was made in the first). */
  session: "first" | "second" | null;
  use: (p: Holder) => Promise<Res>;
  /** How it is refused once dead. */
  refused: [number, string];
};

const CREDENTIALS: Credential[] = [
  { name: "access token", session: "first", use: (p) => me(p.first.accessToken), refused: [401, "auth.unauthenticated"] },
  { name: "refresh token", session: "first", use: (p) => refresh(p.first.refreshToken), refused: [401, "auth.invalid_refresh"] },
  { name: "access token of a second session", session: "second", use: (p) => me(p.second.accessToken), refused: [401, "auth.unauthenticated"] },
  { name: "refresh token of a second session", session: "second", use: (p) => refresh(p.second.refreshToken), refused: [401, "auth.invalid_refresh"] },
  { name: "personal access token (made in the first session)", session: null, use: (p) => me(p.pat), refused: [401, "auth.unauthenticated"] },
];

describe.each(ACTIONS)("after $name", (action) => {
  let p: Holder;
  beforeAll(async () => {
    p = await holder();
    const res = await action.act(p);
    expect(res.status, JSON.stringify(res.body)).toBe(action.status);
  });

  for (const credential of CREDENTIALS) {
    // For a password change the first session is the one that made it.
    const survives = action.callerSurvives && credential.session === "first";
    it(`${credential.name}${survives ? " of the calling session: still works" : `: ${credential.refused.join(" ")}`}`, async () => {
      const res = await credential.use(p);
      if (survives) expect(res.status, JSON.stringify(res.body)).toBe(200);
      else expectProblem(res, ...credential.refused);
    });
  }

  if (action.undo) {
    const undo = action.undo;
    it(`every one of them stays dead after ${undo.name}`, async () => {
      await undo.run(p);
      for (const credential of CREDENTIALS) expectProblem(await credential.use(p), ...credential.refused);
    });
  }
});

describe("a role change takes effect on the next request, and cuts nothing", () => {
  it("an OPERATOR promoted to SUPER_ADMIN lists the team at once, demoted gets 403 at once: with an access token and with a PAT", async () => {
    const m = await h.member(adminToken, "climber@cut.example", "OPERATOR");
    const pat = (await h.call("POST", "/v1/me/tokens", { token: m.accessToken, body: { name: "script", expiresInDays: 30 } })).body.token as string;
    const credentials = { "access token": m.accessToken, "personal access token": pat };
    const steps: [string, string | null, number][] = [
      ["as an OPERATOR", null, 403],
      ["promoted", "SUPER_ADMIN", 200],
      ["demoted again", "OPERATOR", 403],
    ];
    for (const [step, role, listing] of steps) {
      if (role) expect((await asAdmin("PUT", `/v1/users/${m.user.id}/role`, { role })).status).toBe(200);
      for (const [name, token] of Object.entries(credentials)) {
        const res = await h.call("GET", "/v1/users", { token });
        expect(res.status, `${step}, ${name}`).toBe(listing);
        if (listing === 403) expect(res.body.code).toBe("auth.forbidden");
        // Same credential, still signed in, and it sees its new role.
        const self = await me(token);
        expect(self.status, `${step}, ${name}`).toBe(200);
        expect(self.body.role).toBe(role ?? "OPERATOR");
      }
    }
    // The session was never cut: its refresh token still rotates.
    expect((await refresh(m.refreshToken)).status).toBe(200);
  });
});
