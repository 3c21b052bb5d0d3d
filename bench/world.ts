import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { argon2idHasher, createDb, createSecretBox, generateSigningKeyJwk, importSigningKey, readSettings, silentLogger, systemClock, type Deps } from "@roster/core";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { ensureTable } from "../packages/local/src/create-table";
import { startDynamoDbLocal, type DynamoDbLocal } from "../packages/local/src/dynamodb-local";
import { findFreePorts } from "../packages/local/src/free-port";
import { localAws } from "../packages/local/src/local-aws";
import { dropMail } from "./drop-mail";
import { READY, REPOSITORY_ROOT, type ServerSettings } from "./server-protocol";

/*
 * What every measurement runs against: one DynamoDB Local (in memory), its tables, and the app
 * served by a child process (bench/server.ts). The bench process holds the same keys, so tokens
 * it signs and seeds it seals are the server's.
 */

export const TABLES = { app: "bench-app", floor: "bench-floor", small: "bench-100", large: "bench-10000" } as const;
/**
 * The expiry job's table lives in a DynamoDB Local of its own: one JVM holding both it and the
 * 10,000-user table wrote the memberships twenty times slower than one holding either alone.
 */
export const EXPIRY_TABLE = "bench-expiry";
/** The tables the server serves; the floor's twin and the expiry job's are only ever read directly. */
const SERVED = [TABLES.app, TABLES.small, TABLES.large];
const PUBLIC_URL = "http://roster.bench";
const SEEDING_CALLS = { connectTimeoutMs: 5_000, requestTimeoutMs: 120_000, maxAttempts: 3 };

export type World = Awaited<ReturnType<typeof startWorld>>;

/** An in-memory DynamoDB Local with `tables`, and core's ports in the bench process on any of them. */
export async function startStore(tables: string[], keys: BenchKeys) {
  const [dynamoPort] = await findFreePorts(1);
  const dynamo: DynamoDbLocal = await startDynamoDbLocal({ port: dynamoPort!, inMemory: true });
  try {
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, ...localAws() });
    await Promise.all(tables.map((table) => ensureTable(client, table)));
    /** The ports of core in the bench process, on table `table`: for seeding and the expiry job. */
    const depsFor = (table: string) => coreDeps({ endpoint: dynamo.endpoint, table, keys, publicUrl: PUBLIC_URL });
    return { endpoint: dynamo.endpoint, client, depsFor, stop: () => dynamo.stop() };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}

export type BenchKeys = { signingKeyJwk: string; totpKey: string };

/**
 * Core's ports in the bench process on a table a server also serves: the same keys, so tokens it
 * signs and seeds it seals are the server's, and the same public URL, so its tokens' issuer is.
 */
export async function coreDeps(at: { endpoint: string; table: string; keys: BenchKeys; publicUrl: string }): Promise<Deps> {
  return {
    // Seeding batches queue behind each other in DynamoDB Local for longer than an API call may wait.
    db: createDb({ table: at.table, endpoint: at.endpoint, ...localAws(), calls: SEEDING_CALLS }),
    clock: systemClock,
    mailer: dropMail,
    passwords: argon2idHasher,
    secretBox: createSecretBox(Buffer.from(at.keys.totpKey, "base64")),
    signingKey: await importSigningKey(at.keys.signingKeyJwk),
    settings: readSettings({ ROSTER_PUBLIC_URL: at.publicUrl }),
    log: silentLogger,
  };
}

export const newKeys = async () => ({ signingKeyJwk: await generateSigningKeyJwk(), totpKey: randomBytes(32).toString("base64") });

export async function startWorld() {
  const keys = await newKeys();
  const store = await startStore(Object.values(TABLES), keys);
  try {
    const settings: ServerSettings = { endpoint: store.endpoint, tables: SERVED, ...keys, publicUrl: PUBLIC_URL };
    const { child, ports } = await startServer(settings);
    return {
      endpoint: store.endpoint,
      /** The low-level client the floor sends its commands with. */
      client: store.client,
      depsFor: store.depsFor,
      /** The app's address for each served table. */
      urlOf: (table: string) => `http://127.0.0.1:${ports[table]}`,
      async stop() {
        child.stdin?.end();
        await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(undefined)));
        await store.stop();
      },
    };
  } catch (error) {
    await store.stop();
    throw error;
  }
}

/** bench/server.ts in a child Node process, with npm start's loaders; answers once it listens. */
async function startServer(settings: ServerSettings): Promise<{ child: ChildProcess; ports: Record<string, number> }> {
  // BENCH_CPU_PROF=<dir> writes the server's CPU profile there when the run ends (where its time went).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "--import", "./packages/local/src/raw-text-loader.ts", "bench/server.ts"], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, BENCH_SERVER: JSON.stringify(settings) },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`The bench's server exited (${code}) before it listened.`)));
    lines.on("line", (line) => {
      if (line.startsWith(READY)) resolve({ child, ports: JSON.parse(line.slice(READY.length)) as Record<string, number> });
      else process.stderr.write(`server: ${line}\n`);
    });
  });
}
