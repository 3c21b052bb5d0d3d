import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { scimValidationHook } from "./error-handler";

/** Every /scim/v2 router (discovery, and the resources) refuses a request its schema does not fit in SCIM's terms. */
export const newScimRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: scimValidationHook });

/** Where SCIM resources say they are: the deployment's public URL, never the request's Host. */
export const scimBaseUrl = (c: Context<AppEnv>) => `${c.var.deps.settings.publicUrl.replace(/\/+$/, "")}/scim/v2`;
