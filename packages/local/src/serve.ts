import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { createApp } from "@roster/http";
import type { Deps } from "@roster/core";
import type { Server } from "node:http";

/**
 * Serves the same Hono app as the Lambda, on loopback only. The caller's IP is the socket's peer:
 * a header such as X-Forwarded-For is the caller's to forge, so it never feeds the throttle.
 */
export async function serveApi(deps: Deps, port: number): Promise<{ close(): Promise<void> }> {
  const app = createApp(deps, { clientIp: (c) => getConnInfo(c).remote.address ?? null });
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, () => resolve(started as Server));
    (started as Server).once("error", reject);
  });
  return {
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
