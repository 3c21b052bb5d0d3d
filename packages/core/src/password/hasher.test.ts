import { describe, expect, it } from "vitest";
import { argon2idHasher } from "./hasher";

const PASSWORD = "plum orbit canyon lantern 7";

describe("argon2idHasher", () => {
  it("hashes with argon2id at OWASP's baseline (19 MiB, t=2, p=1) and verifies", async () => {
    const hash = await argon2idHasher.hash(PASSWORD);
    expect(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
    expect(hash).not.toContain(PASSWORD);
    expect(await argon2idHasher.verify(hash, PASSWORD)).toBe(true);
    expect(await argon2idHasher.verify(hash, "plum orbit canyon lantern 8")).toBe(false);
    expect(await argon2idHasher.verify(hash, PASSWORD.toUpperCase())).toBe(false);
    expect(await argon2idHasher.verify(hash, "")).toBe(false);
  });

  it("salts: the same password hashes differently each time", async () => {
    const [a, b] = await Promise.all([argon2idHasher.hash(PASSWORD), argon2idHasher.hash(PASSWORD)]);
    expect(a).not.toBe(b);
    expect(await argon2idHasher.verify(b, PASSWORD)).toBe(true);
  });
});
