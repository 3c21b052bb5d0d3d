import type { Deps } from "@roster/core";
import { createApp } from "@roster/http";
import { getConnInfo, handle } from "hono/aws-lambda";
import { awsDeps } from "./lib/aws-deps";
import { powertoolsLogger } from "./lib/powertools-logger";

/**
 * The `api` Lambda: API Gateway (HTTP API, one catch-all route) to the Hono app. The caller's IP
 * is API Gateway's sourceIp, which the client cannot set.
 */
export function createApiHandler(deps: Deps) {
  return handle(createApp(deps, { clientIp: (c) => getConnInfo(c).remote.address ?? null }));
}

let ready: Promise<ReturnType<typeof createApiHandler>> | undefined;

export const handler = async (event: Parameters<ReturnType<typeof createApiHandler>>[0], context: Parameters<ReturnType<typeof createApiHandler>>[1]) => {
  ready ??= awsDeps(process.env, powertoolsLogger("roster-api")).then(createApiHandler);
  return (await ready)(event, context);
};
