import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWTHeaderParameters,
  type JWTPayload,
} from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, GOOD_PASSWORD, PUBLIC_URL, type Harness } from "../harness";

type Account = { email: string; secret: string };
type Tokens = { accessToken: string; refreshToken: string; expiresIn: number };
type Res = Awaited<ReturnType<Harness["call"]>>;

let h: Harness;
let owner: Account & Tokens & { user: { id: string } };

beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner();
});

/**
 * A new session for an account. Each sign-in spends a TOTP step and only three are in the window
 * at any instant, so when they are used up the clock moves on by one step.
 */
async function session(account: Account) {
  try {
    return await h.signIn(account.email, account.secret);
  } catch (error) {
    if (!/advance the clock/.test((error as Error).message)) throw error;
    h.clock.advance(30_000);
    return h.signIn(account.email, account.secret);
  }
}

const me = (token: string) => h.call("GET", "/v1/me", { token });
const refresh = (refreshToken: unknown) => h.call("POST", "/v1/auth/refresh", { body: { refreshToken } });

function expectProblem(res: Res, status: number, code: string) {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
}

function expectUnauthenticated(res: Res) {
  expectProblem(res, 401, "auth.unauthenticated");
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer\b/i);
}

const b64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

describe("login", () => {
  it("answers {accessToken, refreshToken, expiresIn, user}, sets lastLoginAt, within 3 round trips", async () => {
    const code = h.nextCode(owner.secret);
    const at = h.clock.now().toISOString();
    const res = await h.call("POST", "/v1/auth/login", { body: { email: owner.email, password: GOOD_PASSWORD, totpCode: code } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["accessToken", "expiresIn", "refreshToken", "user"]);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.body.refreshToken).toEqual(expect.any(String));
    expect(res.body.refreshToken).not.toBe(res.body.accessToken);
    expect(res.body.expiresIn).toBe(900);
    expect(res.headers.get("cache-control")).toMatch(/no-store/);

    // The user is a full `User`: every field present, nullable ones null, no secrets.
    const user = res.body.user;
    expect(Object.keys(user).sort()).toEqual(
      ["createdAt", "displayName", "email", "id", "invitedBy", "isOwner", "lastLoginAt", "mfaEnrolled", "role", "setupExpiresAt", "source", "status"].sort(),
    );
    expect(user).toMatchObject({
      id: owner.user.id,
      email: owner.email,
      role: "SUPER_ADMIN",
      status: "ACTIVE",
      isOwner: true,
      mfaEnrolled: true,
      invitedBy: null,
      setupExpiresAt: null,
      lastLoginAt: at,
      source: "local",
    });
    expect(res.calls).toBeLessThanOrEqual(3);

    // The access token carries the session's lifetime.
    const claims = decodeJwt(res.body.accessToken);
    expect(claims.exp! - claims.iat!).toBe(res.body.expiresIn);
    expect(claims.sub).toBe(owner.user.id);

    const profile = await me(res.body.accessToken);
    expect(profile.status).toBe(200);
    expect(profile.body.lastLoginAt).toBe(at);
    expect(profile.calls).toBeLessThanOrEqual(2);
  });
});

describe("POST /v1/auth/refresh", () => {
  it("rotates: a new pair that works; reusing the spent token revokes the whole session", async () => {
    const first = await session(owner);
    const rotated = await refresh(first.refreshToken);
    expect(rotated.status).toBe(200);
    expect(Object.keys(rotated.body).sort()).toEqual(["accessToken", "expiresIn", "refreshToken"]);
    expect(rotated.body.expiresIn).toBe(900);
    expect(rotated.body.refreshToken).not.toBe(first.refreshToken);
    expect(rotated.headers.get("cache-control")).toMatch(/no-store/);
    // Same session, same user.
    expect(decodeJwt(rotated.body.accessToken).sid).toBe(decodeJwt(first.accessToken).sid);

    const mine = await me(rotated.body.accessToken);
    expect(mine.status).toBe(200);
    expect(mine.body.id).toBe(owner.user.id);

    // The spent token again: refused, and the session is over for everyone holding its tokens.
    const replay = await refresh(first.refreshToken);
    expectProblem(replay, 401, "auth.invalid_refresh");

    expectProblem(await refresh(rotated.body.refreshToken), 401, "auth.invalid_refresh");
    expectUnauthenticated(await me(rotated.body.accessToken));
    expectUnauthenticated(await me(first.accessToken));
  });

  it("keeps rotating along the chain, each token working exactly once", async () => {
    const start = await session(owner);
    let current = start.refreshToken;
    const spent: string[] = [];
    for (let i = 0; i < 3; i++) {
      const next = await refresh(current);
      expect(next.status).toBe(200);
      spent.push(current);
      current = next.body.refreshToken;
      expect((await me(next.body.accessToken)).status).toBe(200);
    }
    expect(new Set([...spent, current]).size).toBe(4);
    // The live one still works after the others were spent in order (no false reuse alarm).
    const last = await refresh(current);
    expect(last.status).toBe(200);
    expect((await me(last.body.accessToken)).status).toBe(200);
  });

  it("refuses garbage with 401 auth.invalid_refresh", async () => {
    const real = await session(owner);
    const [, userId, sessionId] = real.refreshToken.split(".");
    const garbage = [
      "garbage",
      "rt.nobody.nothing.secret",
      real.accessToken, // an access token is not a refresh token
      `${real.refreshToken}x`,
      // The right session named, the wrong secret (a forged token is a reuse: the session dies).
      ...(userId && sessionId ? [`rt.${userId}.${sessionId}.${"A".repeat(43)}`] : []),
    ];
    for (const token of garbage) {
      expectProblem(await refresh(token), 401, "auth.invalid_refresh");
    }
  });

  it("answers 400 request.invalid naming refreshToken when the field is missing or not a string", async () => {
    const missing = await h.call("POST", "/v1/auth/refresh", { body: {} });
    expectProblem(missing, 400, "request.invalid");
    expect(missing.body.errors[0]).toEqual({ path: "refreshToken", message: expect.any(String) });

    const wrongType = await refresh(12345);
    expectProblem(wrongType, 400, "request.invalid");
    expect(wrongType.body.errors[0].path).toBe("refreshToken");

    const empty = await refresh("");
    expectProblem(empty, 400, "request.invalid");
    expect(empty.body.errors[0].path).toBe("refreshToken");
  });

  it("under concurrent use of one token: at most one 200, then the session is revoked or exactly one token works", async () => {
    for (let round = 0; round < 3; round++) {
      const s = await session(owner);
      const results = await Promise.all(Array.from({ length: 5 }, () => refresh(s.refreshToken)));
      const ok = results.filter((r) => r.status === 200);
      expect(ok.length, `round ${round}: statuses ${results.map((r) => r.status).join(",")}`).toBeLessThanOrEqual(1);
      for (const r of results.filter((r) => r.status !== 200)) expectProblem(r, 401, "auth.invalid_refresh");

      // The original token is spent either way.
      const revoked = (await me(s.accessToken)).status === 401;
      if (revoked) {
        // Nothing of the session may work any more.
        for (const r of ok) {
          expectUnauthenticated(await me(r.body.accessToken));
          expectProblem(await refresh(r.body.refreshToken), 401, "auth.invalid_refresh");
        }
        expectProblem(await refresh(s.refreshToken), 401, "auth.invalid_refresh");
      } else {
        // Not revoked: exactly one live refresh token, the one a winner got.
        expect(ok.length, `round ${round}: session live but no winner`).toBe(1);
        const winner = ok[0]!;
        expect((await me(winner.body.accessToken)).status).toBe(200);
        expect((await refresh(winner.body.refreshToken)).status).toBe(200);
      }
    }
  });
});

describe("POST /v1/auth/logout", () => {
  it("answers 204 and ends that session only", async () => {
    const a = await session(owner);
    const b = await session(owner);

    const out = await h.call("POST", "/v1/auth/logout", { token: a.accessToken });
    expect(out.status).toBe(204);
    expect(out.body).toBe("");

    expectUnauthenticated(await me(a.accessToken));
    expectProblem(await refresh(a.refreshToken), 401, "auth.invalid_refresh");
    // Logging out again with the same token: it no longer signs anybody in.
    expectUnauthenticated(await h.call("POST", "/v1/auth/logout", { token: a.accessToken }));

    // The other session of the same user is untouched.
    expect((await me(b.accessToken)).status).toBe(200);
    const bRotated = await refresh(b.refreshToken);
    expect(bRotated.status).toBe(200);
    expect((await me(bRotated.body.accessToken)).status).toBe(200);
  });

  it("requires authentication", async () => {
    expectUnauthenticated(await h.call("POST", "/v1/auth/logout"));
  });
});

describe("access tokens", () => {
  let real: Tokens;
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: JWTPayload;

  beforeAll(async () => {
    real = await session(owner);
    header = decodeProtectedHeader(real.accessToken);
    claims = decodeJwt(real.accessToken);
  });

  /** The real token's claims, signed anew with `key` under `protectedHeader`: a forgery that differs only there. */
  const likeReal = (protectedHeader: JWTHeaderParameters, key: Parameters<SignJWT["sign"]>[0]) =>
    new SignJWT({ sid: claims.sid })
      .setProtectedHeader(protectedHeader)
      .setSubject(claims.sub!)
      .setIssuer(PUBLIC_URL)
      .setAudience("roster")
      .setIssuedAt(claims.iat!)
      .setExpirationTime(claims.exp!)
      .sign(key);

  it("are EdDSA at+jwt with a kid published in the JWKS, and verify with it", async () => {
    expect(header).toMatchObject({ alg: "EdDSA", typ: "at+jwt", kid: expect.any(String) });
    expect(claims).toMatchObject({ sub: owner.user.id, sid: expect.any(String), iss: PUBLIC_URL, aud: "roster" });

    const res = await h.call("GET", "/.well-known/jwks.json");
    expect(res.status).toBe(200);
    const jwks = res.body as JSONWebKeySet;
    expect(jwks.keys.map((key) => key.kid)).toContain(header.kid);
    for (const key of jwks.keys) {
      // Public halves only.
      expect(key).not.toHaveProperty("d");
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519" });
    }

    const { payload, protectedHeader } = await jwtVerify(real.accessToken, createLocalJWKSet(jwks), {
      issuer: PUBLIC_URL,
      audience: "roster",
      typ: "at+jwt",
      algorithms: ["EdDSA"],
      currentDate: h.clock.now(),
    });
    expect(payload.sub).toBe(owner.user.id);
    expect(payload.sid).toBe(claims.sid);
    expect(protectedHeader.kid).toBe(header.kid);
  });

  it("the real token works (control for the tampering cases)", async () => {
    expect((await me(real.accessToken)).status).toBe(200);
  });

  it("refuses alg: none", async () => {
    const unsigned = `${b64url({ alg: "none", typ: "at+jwt" })}.${b64url(claims)}.`;
    expectUnauthenticated(await me(unsigned));
    const withKid = `${b64url({ alg: "none", typ: "at+jwt", kid: header.kid })}.${b64url(claims)}.`;
    expectUnauthenticated(await me(withKid));
    // none, but keeping the real signature bytes
    const keptSignature = `${b64url({ alg: "none", typ: "at+jwt" })}.${b64url(claims)}.${real.accessToken.split(".")[2]}`;
    expectUnauthenticated(await me(keptSignature));
  });

  it("refuses a token signed with a foreign Ed25519 key, even with Roster's kid", async () => {
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    expectUnauthenticated(await me(await likeReal({ alg: "EdDSA", typ: "at+jwt", kid: header.kid! }, privateKey)));
  });

  it("refuses HS256 keyed with the public key (algorithm confusion)", async () => {
    const jwk = (await h.call("GET", "/.well-known/jwks.json")).body.keys[0];
    const secrets = [Buffer.from(jwk.x as string, "base64url"), Buffer.from(JSON.stringify(jwk)), Buffer.from(jwk.x as string)];
    for (const secret of secrets) {
      expectUnauthenticated(await me(await likeReal({ alg: "HS256", typ: "at+jwt", kid: header.kid! }, new Uint8Array(secret))));
    }
  });

  it("refuses a real signature over an edited payload", async () => {
    const [head, , signature] = real.accessToken.split(".");
    const edited = `${head}.${b64url({ ...claims, exp: claims.exp! + 86400 })}.${signature}`;
    expectUnauthenticated(await me(edited));
  });

  it("refuses tokens signed with Roster's own key but with the wrong claims or type", async () => {
    const key = h.deps.signingKey.privateKey;
    const base = () =>
      new SignJWT({ sid: claims.sid })
        .setSubject(claims.sub!)
        .setIssuedAt(claims.iat!)
        .setExpirationTime(claims.exp!);
    const cases: Record<string, Promise<string>> = {
      "wrong audience": base().setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: header.kid! }).setIssuer(PUBLIC_URL).setAudience("someone-else").sign(key),
      "wrong issuer": base().setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: header.kid! }).setIssuer("http://evil.test").setAudience("roster").sign(key),
      "wrong typ": base().setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid: header.kid! }).setIssuer(PUBLIC_URL).setAudience("roster").sign(key),
      "no sid": new SignJWT({})
        .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: header.kid! })
        .setSubject(claims.sub!)
        .setIssuer(PUBLIC_URL)
        .setAudience("roster")
        .setIssuedAt(claims.iat!)
        .setExpirationTime(claims.exp!)
        .sign(key),
      "unknown session": new SignJWT({ sid: "ses_doesnotexist" })
        .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: header.kid! })
        .setSubject(claims.sub!)
        .setIssuer(PUBLIC_URL)
        .setAudience("roster")
        .setIssuedAt(claims.iat!)
        .setExpirationTime(claims.exp!)
        .sign(key),
      "someone else's session id": new SignJWT({ sid: claims.sid })
        .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: header.kid! })
        .setSubject("usr_somebodyelse")
        .setIssuer(PUBLIC_URL)
        .setAudience("roster")
        .setIssuedAt(claims.iat!)
        .setExpirationTime(claims.exp!)
        .sign(key),
    };
    for (const [name, token] of Object.entries(cases)) {
      const res = await me(await token);
      expect(res.status, name).toBe(401);
      expectUnauthenticated(res);
    }
  });

  it("refuses a missing or non-Bearer Authorization header, with WWW-Authenticate", async () => {
    const missing = await h.call("GET", "/v1/me");
    expectUnauthenticated(missing);

    const basic = await h.call("GET", "/v1/me", { headers: { Authorization: `Basic ${Buffer.from(`${owner.email}:x`).toString("base64")}` } });
    expectUnauthenticated(basic);

    const basicWithToken = await h.call("GET", "/v1/me", { headers: { Authorization: `Basic ${real.accessToken}` } });
    expectUnauthenticated(basicWithToken);

    const emptyBearer = await h.call("GET", "/v1/me", { headers: { Authorization: "Bearer " } });
    expectUnauthenticated(emptyBearer);

    const junk = await h.call("GET", "/v1/me", { headers: { Authorization: "Bearer not.a.jwt" } });
    expectUnauthenticated(junk);
  });

  it("expire after expiresIn; the refresh token still yields a working pair", async () => {
    const s = await session(owner);
    const issued = decodeJwt(s.accessToken);
    const expiresAtMs = issued.exp! * 1000;

    h.clock.set(new Date(expiresAtMs - 5_000));
    expect((await me(s.accessToken)).status).toBe(200);

    h.clock.set(new Date(expiresAtMs + 1_000));
    expectUnauthenticated(await me(s.accessToken));

    const renewed = await refresh(s.refreshToken);
    expect(renewed.status).toBe(200);
    expect((await me(renewed.body.accessToken)).status).toBe(200);
  });
});

describe("a user deactivated in the table", () => {
  it("is cut off on the next request and cannot refresh or sign in", async () => {
    const admin = await session(owner);
    const member = await h.member(admin.accessToken, "gone@example.com");
    expect((await me(member.accessToken)).status).toBe(200);

    await h.setProfile(member.user.id, "status", "DEACTIVATED");

    expectUnauthenticated(await me(member.accessToken));
    expectProblem(await refresh(member.refreshToken), 401, "auth.invalid_refresh");
    const code = h.nextCode(member.secret);
    const login = await h.call("POST", "/v1/auth/login", { body: { email: member.email, password: GOOD_PASSWORD, totpCode: code } });
    expectProblem(login, 401, "auth.invalid_credentials");

    // The admin who did nothing wrong is unaffected.
    expect((await me(admin.accessToken)).status).toBe(200);

    // A refused attempt never uses a TOTP step up: once active again, the same code signs in.
    await h.setProfile(member.user.id, "status", "ACTIVE");
    const again = await h.call("POST", "/v1/auth/login", { body: { email: member.email, password: GOOD_PASSWORD, totpCode: code } });
    expect(again.status).toBe(200);
    expect((await me(again.body.accessToken)).status).toBe(200);
  });
});
