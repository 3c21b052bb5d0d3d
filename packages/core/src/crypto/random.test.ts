import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { constantTimeEqual, newId, newSecret, sha256 } from "./random";

describe("newId", () => {
  it("is the prefix, an underscore and 24 lowercase Crockford base32 characters (120 bits)", () => {
    for (let i = 0; i < 200; i++) {
      expect(newId("usr")).toMatch(/^usr_[0-9a-hjkmnp-tv-z]{24}$/);
    }
    expect(newId("ses")).toMatch(/^ses_[0-9a-hjkmnp-tv-z]{24}$/);
  });

  it("never uses the ambiguous letters i, l, o, u or uppercase", () => {
    const body = Array.from({ length: 500 }, () => newId("usr").slice(4)).join("");
    expect(body).not.toMatch(/[ilouA-Z]/);
    // 12 000 characters over a 32-letter alphabet: every letter shows up if the encoding uses all 5 bits.
    expect(new Set(body).size).toBe(32);
  });

  it("is unique over 10 000 draws", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId("usr")));
    expect(ids.size).toBe(10_000);
  });
});

describe("newSecret", () => {
  it("is 256 bits as unpadded base64url (43 characters)", () => {
    for (let i = 0; i < 100; i++) {
      const secret = newSecret();
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43,}$/);
      expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    }
  });

  it("is unique", () => {
    expect(new Set(Array.from({ length: 1_000 }, () => newSecret())).size).toBe(1_000);
  });
});

describe("sha256", () => {
  it("is the lowercase hex SHA-256 digest", () => {
    expect(sha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const value = newSecret();
    expect(sha256(value)).toBe(createHash("sha256").update(value).digest("hex"));
    expect(sha256(value)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("constantTimeEqual", () => {
  it("is true only for equal strings", () => {
    const secret = newSecret();
    expect(constantTimeEqual(secret, `${secret}`)).toBe(true);
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual(secret, newSecret())).toBe(false);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "ABC")).toBe(false);
  });

  it("is false (and does not throw) for different lengths", () => {
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("abcd", "abc")).toBe(false);
    expect(constantTimeEqual("", "a")).toBe(false);
    expect(constantTimeEqual(sha256("x"), sha256("x").slice(0, 32))).toBe(false);
  });
});
