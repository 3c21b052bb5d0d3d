import type { Hook } from "@hono/zod-openapi";
import type { AppEnv } from "./env";
import { problem, type FieldError } from "./errors";

type ZodIssueLike = { path: PropertyKey[]; message: string; code?: string };

/** Turns a schema failure into 400 `request.invalid`, one entry per field, paths in dotted form. */
export function fieldErrors(issues: readonly ZodIssueLike[]): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(body)",
    message: issue.code === "invalid_type" && /received undefined/.test(issue.message) ? "Required." : issue.message,
  }));
}

export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (!result.success) {
    const issues = (result.error as { issues: ZodIssueLike[] }).issues;
    const where = result.target === "json" ? "body" : result.target;
    return problem(c, "request.invalid", `The request ${where} does not match the schema.`, { errors: fieldErrors(issues) });
  }
};
