import { describe, expect, it } from "vitest";
import { newSecret, newTimeOrderedId, sha256 } from "../crypto/random";
import * as PersonalToken from "../personal-token";
import { format, isLive, looksLikeOne, matches, parse, type ScimTokenItem } from "./token";

const TOKEN = "scim_0123456789abcdefghjkmnpq";
const SECRET = "q0vYx1e3T9nQ2pF8-_aBcDeFgHiJkLmNoPqRsTuVwXy";

describe("format / parse", () => {
  it("round-trips id and secret, and is told apart from personal access tokens and JWTs", () => {
    const token = format(TOKEN, SECRET);
    expect(token).toBe(`rscim.${TOKEN}.${SECRET}`);
    expect(parse(token)).toEqual({ tokenId: TOKEN, secret: SECRET });
    expect(looksLikeOne(token)).toBe(true);
    expect(PersonalToken.looksLikeOne(token)).toBe(false);
    expect(looksLikeOne(PersonalToken.format("usr_0123456789abcdefghjkmnpq", "pat_0123456789abcdefghjkmnpq", SECRET))).toBe(false);
    expect(looksLikeOne("eyJhbGciOiJFZERTQSJ9.e30.sig")).toBe(false);
  });

  it("carries a fresh 256-bit secret and a time-ordered id of the expected shape", () => {
    expect(parse(format(newTimeOrderedId("scim", new Date()), newSecret()))).not.toBeNull();
  });

  it("rejects anything malformed", () => {
    for (const bad of [
      "",
      "rscim",
      `rscim.${TOKEN}`,
      `rscim.${TOKEN}.`,
      `rscim..${SECRET}`,
      `rscim.${TOKEN}.${SECRET}.extra`,
      `RSCIM.${TOKEN}.${SECRET}`,
      `rscim.pat_0123456789abcdefghjkmnpq.${SECRET}`,
      `rscim.TOKEN#x.${SECRET}`,
      `rscim.${TOKEN}.${SECRET.slice(1)}`,
      `rscim.${TOKEN}.${SECRET.slice(1)}=`,
    ]) {
      expect(parse(bad), bad).toBeNull();
    }
  });
});

describe("isLive / matches", () => {
  const NOW = new Date("2026-03-01T12:00:00.000Z");
  const item = (overrides: Partial<ScimTokenItem> = {}): ScimTokenItem => ({
    pk: "SCIM_TOKENS",
    sk: `TOKEN#${TOKEN}`,
    entity: "ScimToken",
    tokenId: TOKEN,
    name: "Okta",
    tokenHash: sha256(SECRET),
    createdAt: "2026-03-01T10:00:00.000Z",
    createdBy: { id: "usr_0123456789abcdefghjkmnpq", email: "owner@example.com" },
    expiresAt: null,
    ...overrides,
  });

  it("lives until revoked without an expiry, and is dead from its expiry instant on with one", () => {
    expect(isLive(item(), NOW)).toBe(true);
    expect(isLive(item({ expiresAt: "2026-03-01T12:00:00.001Z" }), NOW)).toBe(true);
    expect(isLive(item({ expiresAt: NOW.toISOString() }), NOW)).toBe(false);
    expect(isLive(undefined, NOW)).toBe(false);
  });

  it("matches only its own secret", () => {
    expect(matches(item(), SECRET)).toBe(true);
    expect(matches(item(), `${SECRET.slice(0, -1)}A`)).toBe(false);
  });
});
