import { existsSync, mkdtempSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { afterEach, describe, expect, inject, it } from "vitest";
import { startDynamoDbLocal } from "./dynamodb-local";
import { findFreePorts } from "./free-port";
import { listeningAddresses } from "./listening-sockets";
import { localAws } from "./local-aws";
import { LocalRuntimeError } from "./local-runtime-error";

// Each test starts a JVM: seconds alone, well over the default test timeout on a busy 2-core runner.
const JVM_TEST_TIMEOUT_MS = 60_000;

// The in-memory path is proven by the global setup that every table test relies on; these cover
// what it does not: a data directory, and a port that is taken after the preflight check.
describe("startDynamoDbLocal", () => {
  const servers: Server[] = [];
  const httpServers: HttpServer[] = [];
  afterEach(async () => {
    for (const server of httpServers) server.closeAllConnections();
    await Promise.all([...servers.splice(0), ...httpServers.splice(0)].map((server) => new Promise((resolve) => server.close(resolve))));
  });

  // The jar alone listens on every interface, which would hand the local database to anyone on
  // the network; the run's instances (in memory) and the one below (on disk) must not.
  it("listens on 127.0.0.1 only", () => {
    for (const endpoint of inject("dynamoEndpoints")) expect(listeningAddresses(Number(new URL(endpoint).port))).toEqual(["127.0.0.1"]);
  });

  it("creates the data directory, answers, listens on loopback only, and stops", async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), "roster-dynamodb-")), "nested", "data");
    const [port] = await findFreePorts(1);
    const dynamo = await startDynamoDbLocal({ port: port!, dataDir });
    try {
      expect(existsSync(dataDir)).toBe(true);
      expect(listeningAddresses(port!)).toEqual(["127.0.0.1"]);
      const client = new DynamoDBClient({ ...localAws(), endpoint: dynamo.endpoint });
      await expect(client.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: [] });
      client.destroy();
    } finally {
      await dynamo.stop();
    }
    // Stopped means the port is released.
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen({ port, host: "0.0.0.0" }, resolve));
  }, JVM_TEST_TIMEOUT_MS);

  it("fails with one line instead of hanging when the port is taken", async () => {
    // Another program's HTTP server on the port: it answers, but not like DynamoDB.
    const other = createHttpServer((_request, response) => response.end("not DynamoDB"));
    httpServers.push(other);
    await new Promise<void>((resolve) => other.listen({ port: 0, host: "0.0.0.0" }, resolve));
    const { port } = other.address() as { port: number };

    const error = await startDynamoDbLocal({ port, inMemory: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LocalRuntimeError);
    expect((error as Error).message).toMatch(/^DynamoDB Local failed to start\. Last output: .*Address already in use/);
    expect((error as Error).message).not.toContain("\n");
  }, JVM_TEST_TIMEOUT_MS);

  it("refuses ambiguous storage options", async () => {
    await expect(startDynamoDbLocal({ port: 1, inMemory: true, dataDir: "x" })).rejects.toThrow("either dataDir or inMemory");
    await expect(startDynamoDbLocal({ port: 1 })).rejects.toThrow("needs a dataDir or inMemory");
  });
});
