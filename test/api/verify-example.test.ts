import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePorts } from "../../packages/local/src/free-port";
import { servedRoster, type ServedRoster } from "./served-roster";

/** The README's portal example, started as a reader would start it, trusting Roster served over HTTP. */
const EXAMPLE = "examples/portal-api.ts";
let roster: ServedRoster;
let portal: ChildProcess | undefined;
let portalUrl: string;
let ownerToken: string;
let admin: { id: string; accessToken: string };
let viewer: { id: string; accessToken: string };

/** Starts the example and resolves with the URL it says it listens on. */
function start(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", EXAMPLE], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  portal = child;
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`${EXAMPLE} did not start within 20 s:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Portal API on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => reject(new Error(`${EXAMPLE} exited with ${code}:\n${output}`)));
  });
}

beforeAll(async () => {
  roster = await servedRoster();
  const { h } = roster;
  ownerToken = (await h.owner("owner@verify-example.example")).accessToken;
  await h.createTenant(ownerToken, "acme");
  admin = await h.clientUser(ownerToken, "acme", "ada@verify-example.example", "CLIENT_ADMIN");
  viewer = await h.clientUser(ownerToken, "acme", "vic@verify-example.example", "CLIENT_VIEWER");
  const [port] = await findFreePorts(1);
  portalUrl = await start({ ROSTER_URL: roster.issuer, PORT: String(port) });
});
afterAll(async () => {
  portal?.kill();
  await roster?.close();
});

const call = (method: string, path: string, token?: string) => fetch(`${portalUrl}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });

describe(EXAMPLE, () => {
  it("is the code the README shows", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(readme).toContain("```ts\n" + readFileSync(EXAMPLE, "utf8") + "```");
  });

  it("answers who the token stands for, and 401 without one", async () => {
    const me = await call("GET", "/api/me", admin.accessToken);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ sub: admin.id, role: "CLIENT_USER", tenants: { acme: "CLIENT_ADMIN" } });
    const none = await call("GET", "/api/me");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="roster"');
    expect((await call("GET", "/api/me", "not.a.token")).headers.get("www-authenticate")).toBe('Bearer realm="roster", error="invalid_token"');
  });

  it("opens a tenant's orders to its members, and deleting one to its client admins", async () => {
    expect((await call("GET", "/api/tenants/acme/orders", viewer.accessToken)).status).toBe(200);
    expect((await call("GET", "/api/tenants/globex/orders", viewer.accessToken)).status).toBe(403);
    expect((await call("DELETE", "/api/tenants/acme/orders/o1", viewer.accessToken)).status).toBe(403);
    expect((await call("DELETE", "/api/tenants/acme/orders/o1", admin.accessToken)).status).toBe(204);
  });
});
