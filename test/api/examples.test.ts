import { serve } from "@hono/node-server";
import { ApiClient } from "@roster/core";
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePorts } from "../../packages/local/src/free-port";
import { FIXTURE_CONTEXT } from "../fixtures/people";
import { createHarness, type Harness } from "../harness";

/** The README's runnable example, run as a reader would run it, against Roster served over HTTP. */
const run = promisify(execFile);
let h: Harness;
let server: Server;
let baseUrl: string;
let ownerToken: string;
const keys = mkdtempSync(join(tmpdir(), "roster-example-keys-"));

beforeAll(async () => {
  const [port] = await findFreePorts(1);
  baseUrl = `http://127.0.0.1:${port}`;
  h = await createHarness({ env: { ROSTER_PUBLIC_URL: baseUrl } });
  ownerToken = (await h.owner("owner@examples.example")).accessToken;
  server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: h.app.fetch, port: port!, hostname: "127.0.0.1" }, () => resolve(started as Server)) as Server;
  });
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe("examples/client-token.mjs", () => {
  it.each([["ed25519"], ["ec"], ["rsa"]] as const)("gets a token for a client with a %s key that calls the API", async (type) => {
    const pair = type === "ec" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : type === "rsa" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("ed25519");
    const keyFile = join(keys, `${type}.pem`);
    writeFileSync(keyFile, pair.privateKey.export({ format: "pem", type: "pkcs8" }));
    const publicKey = pair.publicKey.export({ format: "pem", type: "spki" }).toString();
    const client = await ApiClient.create(h.deps, await h.principalOf(ownerToken), { name: `example ${type}`, type: "DELEGATED", publicKey, scopes: ["users:read"] }, FIXTURE_CONTEXT);

    const { stdout } = await run(process.execPath, ["examples/client-token.mjs", client.id, keyFile, "users:read"], { env: { ...process.env, ROSTER_URL: baseUrl } });
    const token = stdout.trim();
    expect((await h.call("GET", "/v1/users", { token })).status).toBe(200);
  });

  it("says what is wrong when the issuer is not the one Roster names", async () => {
    const other = baseUrl.replace("127.0.0.1", "localhost");
    const keyFile = join(keys, "any.pem");
    writeFileSync(keyFile, generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }));
    await expect(run(process.execPath, ["examples/client-token.mjs", "cli_x", keyFile], { env: { ...process.env, ROSTER_URL: other } })).rejects.toMatchObject({
      stderr: expect.stringContaining(`says its issuer is ${baseUrl}: set ROSTER_URL to exactly that`),
    });
  });
});
