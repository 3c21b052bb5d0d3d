import { describe, expect, it } from "vitest";
import { stepOf, totpAt } from "../../../../test/totp";
import { describeEnrollment, matchStep, newTotpSecret, stepAt, TotpError } from "./totp";

// RFC 6238 appendix B, SHA-1: the ASCII seed "12345678901234567890".
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const RFC_T59 = new Date(59_000);

describe("the independent RFC 6238 reference (test/totp.ts)", () => {
  it("reproduces the RFC 6238 SHA-1 vector at T = 59 s (94287082 → last 6 digits 287082)", () => {
    expect(Buffer.from("12345678901234567890").toString("hex")).toBe("3132333435363738393031323334353637383930");
    expect(stepOf(RFC_T59)).toBe(1);
    expect(totpAt(RFC_SECRET, 1)).toBe("287082");
  });

  it("reproduces the other RFC 6238 SHA-1 vectors (last 6 digits)", () => {
    expect(totpAt(RFC_SECRET, stepOf(new Date(1_111_111_109_000)))).toBe("081804"); // 07081804
    expect(totpAt(RFC_SECRET, stepOf(new Date(1_234_567_890_000)))).toBe("005924"); // 89005924
    expect(totpAt(RFC_SECRET, stepOf(new Date(20_000_000_000_000)))).toBe("353130"); // 65353130
  });
});

describe("stepAt", () => {
  it("counts 30-second steps since the epoch", () => {
    expect(stepAt(new Date(0))).toBe(0);
    expect(stepAt(new Date(29_999))).toBe(0);
    expect(stepAt(new Date(30_000))).toBe(1);
    expect(stepAt(RFC_T59)).toBe(1);
    expect(stepAt(new Date(1_111_111_109_000))).toBe(37_037_036);
  });
});

describe("matchStep", () => {
  it("accepts the RFC 6238 code at T = 59 s and names its step", async () => {
    expect(await matchStep(RFC_SECRET, "287082", RFC_T59, null)).toBe(1);
    expect(await matchStep(RFC_SECRET, "081804", new Date(1_111_111_109_000), null)).toBe(37_037_036);
  });

  const secret = newTotpSecret();
  const now = new Date("2025-03-01T12:00:10.000Z");
  const current = stepOf(now);

  it("produces base32 secrets of 160 bits", () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
  });

  it("accepts the previous, current and next step, and returns that step", async () => {
    expect(await matchStep(secret, totpAt(secret, current - 1), now, null)).toBe(current - 1);
    expect(await matchStep(secret, totpAt(secret, current), now, null)).toBe(current);
    expect(await matchStep(secret, totpAt(secret, current + 1), now, null)).toBe(current + 1);
  });

  it("refuses codes two steps away", async () => {
    // Guard against a coincidental collision making the test meaningless.
    const near = [current - 1, current, current + 1].map((step) => totpAt(secret, step));
    for (const step of [current - 2, current + 2, current - 10, current + 10]) {
      const code = totpAt(secret, step);
      if (near.includes(code)) continue;
      expect(await matchStep(secret, code, now, null)).toBeNull();
    }
  });

  it("refuses another secret's code", async () => {
    const other = newTotpSecret();
    const code = totpAt(other, current);
    if ([current - 1, current, current + 1].some((step) => totpAt(secret, step) === code)) return;
    expect(await matchStep(secret, code, now, null)).toBeNull();
  });

  it("refuses a step at or before lastUsedStep (replay) and accepts later ones", async () => {
    expect(await matchStep(secret, totpAt(secret, current), now, current)).toBeNull();
    expect(await matchStep(secret, totpAt(secret, current - 1), now, current - 1)).toBeNull();
    expect(await matchStep(secret, totpAt(secret, current - 1), now, current)).toBeNull();
    expect(await matchStep(secret, totpAt(secret, current), now, current + 1)).toBeNull();
    expect(await matchStep(secret, totpAt(secret, current + 1), now, current + 1)).toBeNull();
    expect(await matchStep(secret, totpAt(secret, current), now, current - 1)).toBe(current);
    expect(await matchStep(secret, totpAt(secret, current + 1), now, current)).toBe(current + 1);
    expect(await matchStep(secret, totpAt(secret, current - 1), now, current - 2)).toBe(current - 1);
  });

  it("refuses anything that is not exactly six digits", async () => {
    const code = totpAt(secret, current);
    for (const input of ["", code.slice(0, 5), `${code}0`, ` ${code}`, `${code} `, `${code.slice(0, 3)} ${code.slice(3)}`, "abcdef", "12345a", "９９９９９９", `+${code.slice(1)}`]) {
      expect(await matchStep(secret, input, now, null)).toBeNull();
    }
    // The 8-digit RFC value is not accepted either: Roster codes are 6 digits.
    expect(await matchStep(RFC_SECRET, "94287082", RFC_T59, null)).toBeNull();
  });

  it("has a catalogued error for a wrong code", () => {
    expect(TotpError.invalid().code).toBe("totp.invalid");
  });
});

describe("describeEnrollment", () => {
  it("returns an otpauth URI for Roster with the secret, and an SVG QR code", async () => {
    const secret = newTotpSecret();
    const enrollment = await describeEnrollment(secret, "ada@example.com");
    expect(enrollment.secret).toBe(secret);

    const uri = new URL(enrollment.otpauthUri);
    expect(uri.protocol).toBe("otpauth:");
    expect(enrollment.otpauthUri.startsWith("otpauth://totp/")).toBe(true);
    expect(decodeURIComponent(uri.pathname)).toContain("ada@example.com");
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("issuer")).toBe("Roster");
    // Defaults that authenticator apps assume; if present they must say so.
    expect(uri.searchParams.get("algorithm") ?? "SHA1").toMatch(/^sha1$/i);
    expect(uri.searchParams.get("digits") ?? "6").toBe("6");
    expect(uri.searchParams.get("period") ?? "30").toBe("30");

    expect(enrollment.qrCodeSvg.startsWith("<svg")).toBe(true);
    expect(enrollment.qrCodeSvg.trimEnd().endsWith("</svg>")).toBe(true);
  });
});
