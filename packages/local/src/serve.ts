import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { createApp } from "@roster/http";
import type { Deps } from "@roster/core";
import type { Server } from "node:http";
import { inFlightGate } from "./in-flight-gate";

/**
 * Requests the local server lets reach the app at once. DynamoDB Local answers one request at a
 * time, a few milliseconds each: a burst of a thousand sign-ins let through together queued there
 * for longer than the SDK's call budget (2 s, set for DynamoDB itself), and most answered 503.
 * Held here instead, they wait in front of the app, where no call budget runs (in AWS each
 * request has a Lambda of its own and DynamoDB scales); 32 keep DynamoDB Local and argon2 busy.
 */
export const LOCAL_IN_FLIGHT = 32;

/**
 * Serves the same Hono app as the Lambda, on loopback only. The caller's IP is the socket's peer:
 * a header such as X-Forwarded-For is the caller's to forge, so it never feeds the throttle.
 */
export async function serveApi(deps: Deps, port: number): Promise<{ close(): Promise<void> }> {
  const app = createApp(deps, { clientIp: (c) => getConnInfo(c).remote.address ?? null });
  const gate = inFlightGate(LOCAL_IN_FLIGHT);
  const fetch: typeof app.fetch = (request, env, context) => gate.run(() => app.fetch(request, env, context));
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch, port, hostname: "127.0.0.1" }, () => resolve(started as Server));
    (started as Server).once("error", reject);
  });
  return {
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
