import { OpenAPIHono } from "@hono/zod-openapi";
import type { ZodType } from "zod";
import type { AppEnv } from "../env";
import { requireAuth, type AuthOptions } from "../middleware/authenticate";
import { validationHook } from "../validation";

/** Every router validates the same way, so every schema failure reads the same to clients. */
export const newRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

export const jsonBody = <T extends ZodType>(schema: T, description?: string) => ({
  required: true,
  description,
  content: { "application/json": { schema } },
});

export const jsonResponse = <T extends ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const bearerAuth = [{ bearerAuth: [] }];

/** For routes that need a signed-in caller: documented as bearer auth, enforced by the auth middleware. */
export const signedIn = (options: AuthOptions = {}) => ({ security: bearerAuth, middleware: requireAuth(options) });
