import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { argon2idHasher, createDb, createSecretBox, importSigningKey, readSettings, silentLogger, systemClock, type Deps } from "@roster/core";
import { createApp } from "@roster/http";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { serialize } from "node:v8";
import { localAws } from "../packages/local/src/local-aws";
import { quietNodeVersionWarning } from "../packages/local/src/quiet-node-version-warning";
import { dropMail } from "./drop-mail";
import { recordCommands, recordingHasher, withCapture } from "./capture";
import { READY, type ServerSettings } from "./server-protocol";
import type { Step } from "./steps";

/*
 * The app under measurement, in a process of its own so that its CPU time is its own: the real
 * createApp on @hono/node-server as `npm start` serves it, one listener per table. Beside the app,
 * two routes of the bench's: the steps of a captured request (for the floor) and this process's
 * CPU time. Started by bench/world.ts with its settings in the environment; exits with its stdin.
 */


async function main() {
  quietNodeVersionWarning();
  const settings = JSON.parse(process.env.BENCH_SERVER ?? "") as ServerSettings;
  const signingKey = await importSigningKey(settings.signingKeyJwk);
  const captured = new Map<string, Step[]>();
  const ports: Record<string, number> = {};
  for (const table of settings.tables) {
    const db = createDb({ table, endpoint: settings.endpoint, ...localAws() });
    recordCommands(db);
    const deps: Deps = {
      db,
      clock: systemClock,
      mailer: dropMail,
      passwords: recordingHasher(argon2idHasher),
      secretBox: createSecretBox(Buffer.from(settings.totpKey, "base64")),
      signingKey,
      settings: readSettings({ ROSTER_PUBLIC_URL: settings.publicUrl, ROSTER_SERVER_TIMING: "on" }),
      // Nothing reads the lines here, and writing them to a pipe nobody drains would stall the server.
      log: silentLogger,
    };
    const app = createApp(deps, { clientIp: (c) => getConnInfo(c).remote.address ?? null });
    const fetch = (request: Request, env: unknown) => {
      if (request.url.includes("/__bench/")) return benchRoute(request, captured);
      const id = request.headers.get("x-bench-capture");
      if (!id) return app.fetch(request, env);
      const steps: Step[] = [];
      captured.set(id, steps);
      return withCapture(steps, () => app.fetch(request, env));
    };
    const server = await new Promise<Server>((resolve, reject) => {
      const started = serve({ fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(started as Server));
      (started as Server).once("error", reject);
    });
    ports[table] = (server.address() as AddressInfo).port;
  }
  process.stdin.on("end", () => process.exit(0));
  process.stdin.resume();
  process.stdout.write(`${READY}${JSON.stringify(ports)}\n`);
}

function benchRoute(request: Request, captured: Map<string, Step[]>): Response {
  const path = new URL(request.url).pathname;
  if (path === "/__bench/cpu") return Response.json(process.cpuUsage());
  const id = path.slice("/__bench/steps/".length);
  const steps = captured.get(id);
  captured.delete(id);
  // v8's serializer, not JSON: it keeps what marshalled items may hold (binary values, sets) as they were.
  return steps ? new Response(serialize(steps)) : new Response(`no captured request ${id}`, { status: 404 });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
