import { describe, expect, it } from "vitest";
import { formatRefreshToken, parseRefreshToken, sessionIsLive, type SessionItem } from "./session";

const USER = "usr_0123456789abcdefghjkmnpq";
const SESSION = "ses_0123456789abcdefghjkmnpq";
const SECRET = "q0vYx1e3T9nQ2pF8-_aBcDeFgHiJkLmNoPqRsTuVwXy";

describe("formatRefreshToken / parseRefreshToken", () => {
  it("round-trips user, session and secret", () => {
    const token = formatRefreshToken(USER, SESSION, SECRET);
    expect(token).toBe(`rt.${USER}.${SESSION}.${SECRET}`);
    expect(parseRefreshToken(token)).toEqual({ userId: USER, sessionId: SESSION, secret: SECRET });
  });

  it("rejects a wrong or missing prefix", () => {
    expect(parseRefreshToken(`pat.${USER}.${SESSION}.${SECRET}`)).toBeNull();
    expect(parseRefreshToken(`RT.${USER}.${SESSION}.${SECRET}`)).toBeNull();
    expect(parseRefreshToken(`.${USER}.${SESSION}.${SECRET}`)).toBeNull();
    expect(parseRefreshToken(`${USER}.${SESSION}.${SECRET}`)).toBeNull();
  });

  it("rejects extra parts", () => {
    expect(parseRefreshToken(`rt.${USER}.${SESSION}.${SECRET}.extra`)).toBeNull();
    expect(parseRefreshToken(`rt.${USER}.${SESSION}.${SECRET}.`)).toBeNull();
  });

  it("rejects missing or empty parts", () => {
    expect(parseRefreshToken("")).toBeNull();
    expect(parseRefreshToken("rt")).toBeNull();
    expect(parseRefreshToken(`rt.${USER}`)).toBeNull();
    expect(parseRefreshToken(`rt.${USER}.${SESSION}`)).toBeNull();
    expect(parseRefreshToken(`rt.${USER}.${SESSION}.`)).toBeNull();
    expect(parseRefreshToken(`rt..${SESSION}.${SECRET}`)).toBeNull();
    expect(parseRefreshToken(`rt.${USER}..${SECRET}`)).toBeNull();
  });
});

describe("sessionIsLive", () => {
  const NOW = new Date("2025-03-01T12:00:00.000Z");
  const session = (overrides: Partial<SessionItem> = {}): SessionItem => ({
    pk: `USER#${USER}`,
    sk: `SESSION#${SESSION}`,
    entity: "Session",
    sessionId: SESSION,
    userId: USER,
    refreshHash: "0".repeat(64),
    createdAt: "2025-03-01T10:00:00.000Z",
    epoch: 0,
    lastRefreshedAt: "2025-03-01T11:00:00.000Z",
    expiresAt: "2025-03-31T10:00:00.000Z",
    ttl: 0,
    ...overrides,
  });

  it("is live when not revoked, not expired and no mass revocation applies", () => {
    expect(sessionIsLive(session(), undefined, NOW)).toBe(true);
  });

  it("is not live without a session", () => {
    expect(sessionIsLive(undefined, undefined, NOW)).toBe(false);
  });

  it("is not live once revoked", () => {
    expect(sessionIsLive(session({ revokedAt: "2025-03-01T11:30:00.000Z" }), undefined, NOW)).toBe(false);
  });

  it("is not live from its expiry on", () => {
    expect(sessionIsLive(session({ expiresAt: "2025-03-01T12:00:00.001Z" }), undefined, NOW)).toBe(true);
    expect(sessionIsLive(session({ expiresAt: NOW.toISOString() }), undefined, NOW)).toBe(false);
    expect(sessionIsLive(session({ expiresAt: "2025-03-01T11:59:59.999Z" }), undefined, NOW)).toBe(false);
  });

  it("is live only in the user's current session epoch", () => {
    expect(sessionIsLive(session(), 0, NOW)).toBe(true);
    // A mass revocation moved the user's epoch on: the session is dead, whatever the clock says.
    expect(sessionIsLive(session(), 1, NOW)).toBe(false);
    // A session moved to the new epoch by a password change lives on; a later cut ends it too.
    expect(sessionIsLive(session({ epoch: 1 }), 1, NOW)).toBe(true);
    expect(sessionIsLive(session({ epoch: 1 }), 2, NOW)).toBe(false);
    expect(sessionIsLive(session({ epoch: 1, revokedAt: "2025-03-01T11:45:00.000Z" }), 1, NOW)).toBe(false);
  });
});
