import { error } from "../error";

export const PasswordError = {
  /** `field` names the input the password came from (default `password`), so the problem's `errors[0].path` points at it. */
  tooWeak: error("password.too_weak", (reason: string, suggestions: string[] = [], field?: string) => ({
    message: reason,
    details: { suggestions, ...(field ? { path: field } : {}) },
  })),
};
