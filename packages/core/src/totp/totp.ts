import { generate, generateSecret, generateURI } from "otplib";
import { constantTimeEqual } from "../crypto/random";
import { error } from "../error";
import { loadOnce } from "../load-once";

/** What authenticator apps expect: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;
const ISSUER = "Roster";

export const TotpError = {
  invalid: error("totp.invalid", "The authenticator code is not right. Enter the current 6-digit code."),
};

export const stepAt = (date: Date) => Math.floor(date.getTime() / 1000 / TOTP_PERIOD_SECONDS);

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export type TotpEnrollment = { secret: string; otpauthUri: string; qrCodeSvg: string };

/**
 * Loaded on the first enrollment, not with the module: only enrollment draws a QR code, and most
 * cold starts never do. Kept after that: an `import()` goes through the module loader on every call
 * (about 50 µs, or 0.6 ms under a loader hook such as tsx's).
 */
const qrCodes = loadOnce(async () => (await import("qrcode")).default);

export async function describeEnrollment(secret: string, email: string): Promise<TotpEnrollment> {
  const otpauthUri = generateURI({ issuer: ISSUER, label: email, secret, algorithm: "sha1", digits: 6, period: TOTP_PERIOD_SECONDS });
  const qrCodeSvg = await (await qrCodes()).toString(otpauthUri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { secret, otpauthUri, qrCodeSvg };
}

/**
 * Finds the step a code belongs to: the previous, current or next one, never one at or before
 * `lastUsedStep` (a code once accepted is never accepted again). Returns null when none fits; the
 * caller records the step with a condition so two requests cannot both spend it.
 */
export async function matchStep(secret: string, code: string, now: Date, lastUsedStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const current = stepAt(now);
  let matched: number | null = null;
  // Every candidate is computed and compared, so timing does not reveal which step matched.
  for (const step of [current - 1, current, current + 1]) {
    const expected = await generate({ strategy: "hotp", secret, counter: step, algorithm: "sha1", digits: 6 });
    if (constantTimeEqual(expected, code) && (lastUsedStep === null || step > lastUsedStep) && matched === null) {
      matched = step;
    }
  }
  return matched;
}
