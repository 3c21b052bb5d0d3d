import { describe, expect, it } from "vitest";
import { newSecret, newTimeOrderedId, sha256 } from "../crypto/random";
import { format, looksLikeOne, parse, isLive, matches, type PersonalTokenItem } from "./token";

const USER = "usr_0123456789abcdefghjkmnpq";
const TOKEN = "pat_0123456789abcdefghjkmnpq";
const SECRET = "q0vYx1e3T9nQ2pF8-_aBcDeFgHiJkLmNoPqRsTuVwXy";

describe("format / parse", () => {
  it("round-trips user, token id and secret, and is told apart from other bearer tokens", () => {
    const token = format(USER, TOKEN, SECRET);
    expect(token).toBe(`rpat.${USER}.${TOKEN}.${SECRET}`);
    expect(parse(token)).toEqual({ userId: USER, tokenId: TOKEN, secret: SECRET });
    expect(looksLikeOne(token)).toBe(true);
    expect(looksLikeOne("eyJhbGciOiJFZERTQSJ9.e30.sig")).toBe(false);
    expect(looksLikeOne(`rt.${USER}.ses_x.${SECRET}`)).toBe(false);
  });

  it("carries a fresh 256-bit secret in the expected alphabet", () => {
    expect(parse(format(USER, TOKEN, newSecret()))).not.toBeNull();
  });

  it("rejects anything malformed", () => {
    for (const bad of [
      "",
      "rpat",
      `rpat.${USER}.${TOKEN}`,
      `rpat.${USER}.${TOKEN}.`,
      `rpat..${TOKEN}.${SECRET}`,
      `rpat.${USER}..${SECRET}`,
      `rpat.${USER}.${TOKEN}.${SECRET}.extra`,
      `RPAT.${USER}.${TOKEN}.${SECRET}`,
      `rpat.USER#x.${TOKEN}.${SECRET}`,
      `rpat.${USER}.PAT#x.${SECRET}`,
      `rpat.${USER}.${TOKEN}.${SECRET.slice(1)}`,
      `rpat.${USER}.${TOKEN}.${SECRET.slice(1)}=`,
    ]) {
      expect(parse(bad), bad).toBeNull();
    }
  });
});

describe("newTimeOrderedId", () => {
  it("sorts by creation time, to the millisecond", () => {
    const ids = [0, 1, 2, 1000, 86_400_000].map((offset) => newTimeOrderedId("pat", new Date(Date.UTC(2026, 0, 1) + offset)));
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^pat_[0-9a-z]{24}$/);
  });
});

describe("isLive / matches", () => {
  const NOW = new Date("2026-03-01T12:00:00.000Z");
  const item = (overrides: Partial<PersonalTokenItem> = {}): PersonalTokenItem => ({
    pk: `USER#${USER}`,
    sk: `PAT#${TOKEN}`,
    entity: "PersonalToken",
    tokenId: TOKEN,
    userId: USER,
    name: "ci",
    tokenHash: sha256(SECRET),
    createdAt: "2026-03-01T10:00:00.000Z",
    epoch: 0,
    expiresAt: "2026-03-31T10:00:00.000Z",
    ttl: 0,
    ...overrides,
  });

  it("is dead from its expiry instant on", () => {
    expect(isLive(item({ expiresAt: "2026-03-01T12:00:00.001Z" }), undefined, NOW)).toBe(true);
    expect(isLive(item({ expiresAt: NOW.toISOString() }), undefined, NOW)).toBe(false);
  });

  it("is dead once a mass revocation moved the user's token epoch on", () => {
    expect(isLive(item(), 0, NOW)).toBe(true);
    expect(isLive(item(), 1, NOW)).toBe(false);
    expect(isLive(item({ epoch: 1 }), 1, NOW)).toBe(true);
    expect(isLive(undefined, undefined, NOW)).toBe(false);
  });

  it("matches only its own secret", () => {
    expect(matches(item(), SECRET)).toBe(true);
    expect(matches(item(), `${SECRET.slice(0, -1)}A`)).toBe(false);
  });
});
