import { PasswordError } from "./errors";
import { strengthEstimator } from "./strength-estimator";

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
/** zxcvbn's score (0–4) a password must reach. */
export const PASSWORD_MIN_SCORE = 3;
const ZXCVBN_MAX_CHARACTERS = 64;

/**
 * NIST SP 800-63B: length over composition rules, refuse known-weak choices, and refuse the
 * user's own email (or its local part) inside the password.
 */
export async function checkPasswordStrength(password: string, email: string, field?: string): Promise<void> {
  // Characters are Unicode code points, as SP 800-63B counts them: an emoji is one, not two.
  const characters = [...password];
  if (characters.length < PASSWORD_MIN_LENGTH) {
    throw PasswordError.tooWeak(`Use at least ${PASSWORD_MIN_LENGTH} characters.`, [], field);
  }
  if (characters.length > PASSWORD_MAX_LENGTH) {
    throw PasswordError.tooWeak(`Use at most ${PASSWORD_MAX_LENGTH} characters.`, [], field);
  }
  const lower = password.toLowerCase();
  const localPart = email.toLowerCase().split("@")[0] ?? "";
  if (lower.includes(email.toLowerCase()) || (localPart.length >= 4 && lower.includes(localPart))) {
    throw PasswordError.tooWeak("The password must not contain your email address.", [], field);
  }
  // zxcvbn's cost grows steeply with length (over half a second of CPU at 128 characters); a prefix
  // this long that is easy to guess makes the whole password easy to guess anyway.
  const result = (await strengthEstimator()).check(characters.slice(0, ZXCVBN_MAX_CHARACTERS).join(""), [email, localPart]);
  if (result.score < PASSWORD_MIN_SCORE) {
    const { warning, suggestions } = result.feedback;
    throw PasswordError.tooWeak(
      warning ? `This password is too easy to guess. ${warning}` : "This password is too easy to guess.",
      suggestions,
      field,
    );
  }
}
