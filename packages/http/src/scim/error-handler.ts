import type { Hook } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { errorHandler, type ProblemCode } from "../errors";
import { fieldErrors } from "../validation";
import type { AppEnv } from "../env";
import { scimError, scimUnauthorized, type ScimType } from "./error";

/** Where a problem's code has a SCIM error type of its own. */
const SCIM_TYPES: Partial<Record<ProblemCode, ScimType>> = {
  "request.malformed": "invalidSyntax",
  "request.invalid": "invalidValue",
  "user.email_taken": "uniqueness",
  "scim.invalid_filter": "invalidFilter",
  "scim.invalid_syntax": "invalidSyntax",
  "scim.invalid_path": "invalidPath",
  "scim.invalid_value": "invalidValue",
  "scim.user_name_immutable": "mutability",
  "scim.owner_protected": "mutability",
  "scim.group_name_taken": "uniqueness",
  "scim.unknown_member": "invalidValue",
};

/**
 * Everything thrown under /scim/v2 ends here. The app's own handler decides the status and logs
 * what must be logged (an outage, a bug: never a stack trace in the answer), then the problem is
 * said in SCIM's terms, which is all a directory's client reads.
 */
export function scimErrorHandler() {
  const handle = errorHandler();
  return async (error: Error, c: Context<AppEnv>) => {
    const answer = await handle(error, c);
    const status = answer.status as ContentfulStatusCode;
    if (status === 401) return scimUnauthorized(c);
    const { code, detail } = (await answer.json()) as { code: ProblemCode; detail: string };
    return scimError(c, status, detail, SCIM_TYPES[code]);
  };
}

/** A request the route's schema refuses: 400 `invalidValue`, naming the first field. */
export const scimValidationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (!result.success) {
    const [first] = fieldErrors((result.error as { issues: { path: PropertyKey[]; message: string }[] }).issues);
    return scimError(c, 400, first ? `${first.path}: ${first.message}` : "The request does not match the schema.", "invalidValue");
  }
};
