import { formRefusal } from "../forms";

/** Refusals about when access ends: said beside the Expires at field, where they are fixed. */
const EXPIRY_CODES = new Set(["membership.expiry_required", "membership.expiry_too_far"]);

/**
 * A membership verb's refusal as its form shows it, with the status the membership routes answer:
 * there a tenant role that does not fit the person is the role asked for, a bad request (400),
 * not the conflict it is on a user's role change.
 */
export function membershipRefusal(error: unknown) {
  const refused = formRefusal(error);
  const { code, message } = refused.error;
  const errors = EXPIRY_CODES.has(code) ? { expiresAt: message } : code === "membership.role_mismatch" ? { role: message } : refused.errors;
  return { ...refused, errors, status: code === "membership.role_mismatch" ? 400 : refused.status };
}
