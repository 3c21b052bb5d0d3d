import { serve } from "@hono/node-server";
import type { Server } from "node:http";
import { findFreePorts } from "../../packages/local/src/free-port";
import { createHarness, type Harness } from "../harness";

export type ServedRoster = { h: Harness; issuer: string; close: () => Promise<void> };

/**
 * The real app served over HTTP on a free loopback port, its issuer that URL: what a service
 * beside Roster sees (the JWKS, introspection), fetched for real, no browser; or what a browser
 * and an identity provider redirecting to it see. `env` adds settings to the harness's.
 */
export async function servedRoster(env: Record<string, string> = {}): Promise<ServedRoster> {
  const [port] = await findFreePorts(1);
  if (port === undefined) throw new Error("findFreePorts returned no port");
  const issuer = `http://127.0.0.1:${port}`;
  const h = await createHarness({ env: { ...env, ROSTER_PUBLIC_URL: issuer } });
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: h.app.fetch, port, hostname: "127.0.0.1" }, () => resolve(started as Server)) as Server;
    started.once("error", reject);
  });
  async function close() {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return { h, issuer, close };
}
