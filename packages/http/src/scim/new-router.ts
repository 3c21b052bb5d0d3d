import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { scimValidationHook } from "./error-handler";

/** Every /scim/v2 router (discovery, and the resources) refuses a request its schema does not fit in SCIM's terms. */
export const newScimRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: scimValidationHook });
