import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findFreePorts } from "./free-port";
import { LocalRuntimeError } from "./local-runtime-error";
import { assertJava17, assertJavaCompiler, assertPortFree } from "./preflight";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function occupy(host: string): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen({ port: 0, host }, resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("assertPortFree", () => {
  it.each(["127.0.0.1", "0.0.0.0"])("names the env var in one line when the port is taken on %s", async (host) => {
    const port = await occupy(host);
    const error = await assertPortFree(port, "DynamoDB Local", "ROSTER_DYNAMODB_PORT").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LocalRuntimeError);
    expect((error as Error).message).toBe(`Port ${port} (DynamoDB Local) is already in use. Set ROSTER_DYNAMODB_PORT to a free port.`);
  });

  it("passes for a free port and leaves it free", async () => {
    const [port] = await findFreePorts(1);
    await expect(assertPortFree(port!, "DynamoDB Local", "ROSTER_DYNAMODB_PORT")).resolves.toBeUndefined();
    // It released the port: a second check (and the real child) can bind it.
    await expect(assertPortFree(port!, "DynamoDB Local", "ROSTER_DYNAMODB_PORT")).resolves.toBeUndefined();
  });
});

describe("assertJava17", () => {
  it("accepts the Java that runs DynamoDB Local for this test run", async () => {
    expect(await assertJava17()).toBeGreaterThanOrEqual(17);
  });

  it("explains a missing java in one line", async () => {
    const error = await assertJava17("/nonexistent/bin/java").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LocalRuntimeError);
    expect((error as Error).message).toMatch(/^Java was not found on PATH: .*17/);
    expect((error as Error).message).not.toContain("\n");
  });
});

describe("assertJavaCompiler", () => {
  it("accepts the Java that runs DynamoDB Local for this test run", async () => {
    await expect(assertJavaCompiler()).resolves.toBeUndefined();
  });

  it("says what to install, in one line, when the compiler module is missing", async () => {
    // A JRE-only build: it lists its modules, jdk.compiler not among them.
    const java = join(mkdtempSync(join(tmpdir(), "roster-jre-")), "java");
    writeFileSync(java, "#!/bin/sh\necho java.base@17.0.15\necho java.compiler@17.0.15\necho jdk.zipfs@17.0.15\n");
    chmodSync(java, 0o755);
    const error = await assertJavaCompiler(java).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LocalRuntimeError);
    expect((error as Error).message).toMatch(/^The Java on PATH has no jdk\.compiler module, .*Install a JDK 17\+/);
    expect((error as Error).message).not.toContain("\n");
  });
});
