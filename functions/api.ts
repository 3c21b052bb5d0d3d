import type { Deps } from "@roster/core";
import { createApp } from "@roster/http";
import { getConnInfo, handle } from "hono/aws-lambda";
import { awsDeps } from "./lib/aws-deps";
import { boundKeys } from "./lib/bound-secrets";
import { lambdaHandler } from "./lib/lambda-handler";

/**
 * The `api` Lambda: API Gateway (HTTP API, one catch-all route) to the Hono app. The caller's IP
 * is API Gateway's sourceIp, which the client cannot set.
 */
export function createApiHandler(deps: Deps) {
  return handle(createApp(deps, { clientIp: (c) => getConnInfo(c).remote.address ?? null }));
}

export const handler = lambdaHandler("roster-api", async (log) => createApiHandler(await awsDeps(process.env, boundKeys(), log)));
