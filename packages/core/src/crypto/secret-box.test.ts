import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox } from "./secret-box";

const box = createSecretBox(randomBytes(32));
const SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/** Flips one bit of the part of the sealed string at `index` (1 = IV, 2 = ciphertext + tag). */
function flipBit(sealed: string, index: 1 | 2, byte: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[byte] = bytes[byte]! ^ 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("createSecretBox", () => {
  it("opens what it sealed, for the same associated data", () => {
    const sealed = box.seal(SEED, "usr_alice");
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(SEED);
    expect(box.open(sealed, "usr_alice")).toBe(SEED);
    expect(box.open(box.seal("", "usr_alice"), "usr_alice")).toBe("");
    expect(box.open(box.seal("ünïcødé ✓", "usr_alice"), "usr_alice")).toBe("ünïcødé ✓");
  });

  it("uses a fresh 96-bit IV: the same plaintext seals differently each time", () => {
    const a = box.seal(SEED, "usr_alice");
    const b = box.seal(SEED, "usr_alice");
    expect(a).not.toBe(b);
    const [, ivA, bodyA] = a.split(".");
    const [, ivB, bodyB] = b.split(".");
    expect(Buffer.from(ivA!, "base64url")).toHaveLength(12);
    expect(ivA).not.toBe(ivB);
    expect(bodyA).not.toBe(bodyB);
    expect(box.open(a, "usr_alice")).toBe(SEED);
    expect(box.open(b, "usr_alice")).toBe(SEED);
  });

  it("refuses to open with another associated data (a seed copied to another user)", () => {
    const sealed = box.seal(SEED, "usr_alice");
    expect(() => box.open(sealed, "usr_mallory")).toThrow();
    expect(() => box.open(sealed, "")).toThrow();
  });

  it("refuses a tampered ciphertext, tag or IV", () => {
    const sealed = box.seal(SEED, "usr_alice");
    const bodyLength = Buffer.from(sealed.split(".")[2]!, "base64url").length;
    expect(() => box.open(flipBit(sealed, 2, 0), "usr_alice")).toThrow(); // ciphertext
    expect(() => box.open(flipBit(sealed, 2, bodyLength - 1), "usr_alice")).toThrow(); // tag
    expect(() => box.open(flipBit(sealed, 1, 0), "usr_alice")).toThrow(); // IV
  });

  it("refuses a truncated or foreign-format value", () => {
    const sealed = box.seal(SEED, "usr_alice");
    const [, iv, body] = sealed.split(".");
    expect(() => box.open(`v1.${iv}.${body!.slice(0, 10)}`, "usr_alice")).toThrow();
    expect(() => box.open(`v2.${iv}.${body}`, "usr_alice")).toThrow(/format/);
    expect(() => box.open(`v1.${iv}`, "usr_alice")).toThrow(/format/);
    expect(() => box.open(SEED, "usr_alice")).toThrow(/format/);
  });

  it("does not open with another key", () => {
    const sealed = box.seal(SEED, "usr_alice");
    expect(() => createSecretBox(randomBytes(32)).open(sealed, "usr_alice")).toThrow();
  });

  it("refuses keys that are not 32 bytes (AES-256) at creation", () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
    expect(() => createSecretBox(randomBytes(24))).toThrow(/32 bytes/);
    expect(() => createSecretBox(randomBytes(31))).toThrow(/32 bytes/);
    expect(() => createSecretBox(Buffer.alloc(0))).toThrow(/32 bytes/);
    expect(() => createSecretBox(randomBytes(32))).not.toThrow();
  });
});
