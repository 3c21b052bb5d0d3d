import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSettings } from "../config";
import { isDomainError } from "../error";
import type { ApiClientItem } from "./client";
import { signingKeys } from "./signing-keys";

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200).end("not json"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (id: string, jwksUri: string): ApiClientItem => ({
  pk: `CLIENT#${id}`,
  sk: "CLIENT",
  entity: "ApiClient",
  id,
  name: "jwks",
  clientType: "DELEGATED",
  status: "ACTIVE",
  scopes: ["users:read"],
  keys: [],
  jwksUri,
  createdAt: "2030-01-01T00:00:00.000Z",
  createdBy: { id: "usr_x", email: "x@example.com" },
  updatedAt: "2030-01-01T00:00:00.000Z",
  version: 1,
});

function capturingLog() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, ...(fields && { fields }) });
  return { lines, log: { info: at("info"), warn: at("warn"), error: at("error") } };
}

describe("signingKeys of a jwksUri client", () => {
  it("a JWKS it cannot use is invalid_client, with the reason in the log (not in the answer)", async () => {
    const { lines, log } = capturingLog();
    const deps = { clock: { now: () => new Date("2030-01-01T00:00:00Z") }, settings: readSettings({ ROSTER_PUBLIC_URL: "http://roster.test", ROSTER_ALLOW_LOOPBACK_FETCH: "on" }), log };
    const jwksUri = `${origin}/jwks.json`;
    const refused = await signingKeys(deps, client("cli_logged000000000000000001", jwksUri), "kid-1", deps.clock.now()).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isDomainError(refused, "oauth.invalid_client")).toBe(true);
    expect((refused as Error).message).toBe("Client authentication failed.");
    expect(lines).toEqual([
      { level: "warn", message: "An API client's JWKS could not be used", fields: { clientId: "cli_logged000000000000000001", jwksUri, reason: "the body is not JSON" } },
    ]);
  });

  it("deployed, the same URL is refused without a request, and the log says why", async () => {
    const { lines, log } = capturingLog();
    const deps = { clock: { now: () => new Date("2030-01-01T00:00:00Z") }, settings: readSettings({ ROSTER_PUBLIC_URL: "https://roster.example.com" }), log };
    await expect(signingKeys(deps, client("cli_logged000000000000000002", `${origin}/jwks.json`), undefined, deps.clock.now())).rejects.toMatchObject({ code: "oauth.invalid_client" });
    expect(lines[0]?.fields?.reason).toBe("Use an https:// URL.");
  });
});
