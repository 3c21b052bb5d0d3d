import { AuthError, DomainError } from "@roster/core";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isProblemCode, STATUS } from "../errors";
import type { Context } from "hono";
import type { ZodType } from "zod";
import type { ConsoleEnv } from "./env";
import { csrfMatches, readSessionCookie } from "./session-cookie";

export type FormValues = Record<string, string>;
/** A refused form: what the person typed (to show it again) and what is wrong with it, by field. */
export type FormErrors = Record<string, string>;

/** The submitted form as plain strings (a repeated name keeps every value, comma-joined for display). */
export async function readForm(c: Context): Promise<{ values: FormValues; all: Record<string, string[]> }> {
  const body = await c.req.parseBody({ all: true });
  const all: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    const list = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
    all[name] = list;
  }
  const values = Object.fromEntries(Object.entries(all).map(([name, list]) => [name, list.join(",")]));
  return { values, all };
}

/** A state-changing request carries the session's CSRF token, or is refused (403) before anything is read. */
export async function readCheckedForm(c: Context<ConsoleEnv>) {
  const form = await readForm(c);
  const cookie = readSessionCookie(c);
  if (!cookie || !csrfMatches(cookie, form.values._csrf)) throw AuthError.forbidden();
  return form;
}

/** Parses a form with the route's zod schema: the parsed input, or the refusal by field. */
export function parseForm<T>(schema: ZodType<T>, input: unknown): { ok: true; data: T } | { ok: false; errors: FormErrors } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "_form")] ??= issue.message;
  return { ok: false, errors };
}

/** A domain refusal as the form shows it: on its field when the error names one, above the form otherwise. */
export function refusalOf(error: DomainError): FormErrors {
  if (error.code === "password.too_weak") return { [typeof error.details?.path === "string" ? error.details.path : "password"]: error.message };
  if (error.code === "totp.invalid") return { totpCode: error.message };
  const fields = error.details?.errors;
  if (Array.isArray(fields)) {
    const byField: FormErrors = {};
    for (const entry of fields) if (entry && typeof entry.path === "string" && typeof entry.message === "string") byField[entry.path] ??= entry.message;
    if (Object.keys(byField).length) return byField;
  }
  return { _form: error.message };
}

/** The status the API answers a domain code with (400 for a code of no catalog's, which only a bug makes). */
export const statusOfCode = (code: string): ContentfulStatusCode => (isProblemCode(code) ? STATUS[code] : 400);

/** Refusals that are about the page, not the form: the error handler answers them with a page of their own. */
const PAGE_LEVEL = new Set(["auth.unauthenticated", "auth.forbidden", "auth.session_required", "service.unavailable"]);

/**
 * A verb's refusal of a form, to show beside it with the status the API would answer (a 409 for
 * "changed meanwhile", a 400 for a weak password); anything else is rethrown for the error page.
 */
export function formRefusal(error: unknown): { errors: FormErrors; status: ContentfulStatusCode; error: DomainError } {
  if (!(error instanceof DomainError) || PAGE_LEVEL.has(error.code)) throw error;
  return { errors: refusalOf(error), status: statusOfCode(error.code), error };
}
