import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { httpProbe } from "./http-probe";
import { LocalRuntimeError } from "./local-runtime-error";
import { compiledLauncher, LAUNCHER_CLASS } from "./loopback-launcher";
import { startManagedChild } from "./managed-child";
import { packageDirectory } from "./package-path";

export type DynamoDbLocalOptions = {
  port: number;
  /** Where the database files live (created if missing). Exactly one of dataDir / inMemory. */
  dataDir?: string;
  /** Keep everything in memory: for tests, where every run starts empty. */
  inMemory?: boolean;
  startTimeoutMs?: number;
};

export type DynamoDbLocal = { endpoint: string; stop(): Promise<void> };

/**
 * Starts AWS's DynamoDB Local (the jar shipped inside `amplify-dynamodb-simulator`) as a child
 * JVM, listening on 127.0.0.1 only. We spawn the JVM ourselves instead of calling the package's
 * `launch()`: that helper retries on its own, picks ports, and hides the JVM's output, while we
 * want one clear error.
 *
 * The jar's own main listens on every interface and has no flag to change that, which would open
 * the database (sessions, password hashes, TOTP secrets) to the network. So the JVM runs
 * java/LoopbackDynamoDbLocal.java instead (compiled once, see loopback-launcher.ts): it builds the
 * same server from the same arguments and binds it to loopback before it starts.
 *
 * No -sharedDb: DynamoDB Local then keeps one database per access key + region, like AWS keeps
 * one per account + region, so every client must use localAws() (see local-aws.ts).
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const { args: storageArgs, workDir } = storage(options);
  const emulator = join(packageDirectory("amplify-dynamodb-simulator"), "emulator");
  const jar = join(emulator, "DynamoDBLocal.jar");
  if (!existsSync(jar)) {
    throw new LocalRuntimeError(`DynamoDB Local was not found at ${jar}. Reinstall dependencies with npm install.`);
  }
  const launcher = await compiledLauncher(jar);
  // The launcher binds 127.0.0.1 (IPv4 only), so "localhost" resolving to ::1 first cannot matter.
  const endpoint = `http://127.0.0.1:${options.port}`;
  const child = await startManagedChild({
    label: "DynamoDB Local",
    command: "java",
    // The jar writes dynamodb-local-metadata.json into its working directory on every start,
    // even with -disableTelemetry: keep it beside the data (or in tmp), not in the user's checkout.
    cwd: workDir,
    args: [
      // The SQLite native libraries sit beside the jar; absolute so the child's cwd is irrelevant.
      `-Djava.library.path=${join(emulator, "DynamoDBLocal_lib")}`,
      // Otherwise Java binds 127.0.0.1 through a dual-stack IPv6 socket (::ffff:127.0.0.1): still
      // loopback, but an IPv4 socket on 127.0.0.1 is what it says, to `ss` and to our tests alike.
      "-Djava.net.preferIPv4Stack=true",
      // An emulator for one developer or one test run, on a machine of few cores: the JIT's
      // optimizing tier and the parallel collector spent more CPU than they won back, about half
      // of what each request cost (measured: 3-4 ms of JVM CPU per request, 1.5-2 ms without).
      "-XX:TieredStopAtLevel=1",
      "-XX:+UseSerialGC",
      // The jar's manifest Class-Path brings in DynamoDBLocal_lib/*, exactly as with -jar.
      "-cp",
      [jar, launcher].join(delimiter),
      LAUNCHER_CLASS,
      "-port",
      String(options.port),
      ...storageArgs,
      "-disableTelemetry",
    ],
    isReady: () => answersLikeDynamoDb(endpoint),
    // On a taken port the JVM prints the BindException from its main thread and then hangs
    // (the launcher lets it escape just as the jar's main does).
    fatalOutput: /Exception in thread "main"/,
    startTimeoutMs: options.startTimeoutMs,
  });
  return { endpoint, stop: child.stop };
}

function storage(options: DynamoDbLocalOptions): { args: string[]; workDir: string } {
  if (options.inMemory && options.dataDir !== undefined) {
    throw new LocalRuntimeError("DynamoDB Local takes either dataDir or inMemory, not both.");
  }
  if (options.inMemory) return { args: ["-inMemory"], workDir: ensureDirectory(join(tmpdir(), "roster-dynamodb-local")) };
  if (options.dataDir === undefined) {
    // Refusing beats a silent default: the jar would otherwise write into its own package folder.
    throw new LocalRuntimeError("DynamoDB Local needs a dataDir or inMemory: true.");
  }
  const dataDir = ensureDirectory(resolve(options.dataDir));
  return { args: ["-dbPath", dataDir], workDir: dataDir };
}

function ensureDirectory(path: string): string {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new LocalRuntimeError(`Cannot create the DynamoDB Local directory ${path}: ${(error as Error).message}`, { cause: error });
  }
  return path;
}

/**
 * An unsigned ListTables: DynamoDB Local refuses it with MissingAuthenticationToken, which proves
 * its request pipeline is up. Checking for DynamoDB's error shape (not just any HTTP answer) keeps
 * an unrelated server on the port from passing for ours; a leftover DynamoDB Local would still
 * pass, which is why callers run assertPortFree first.
 */
function answersLikeDynamoDb(endpoint: string): Promise<boolean> {
  return httpProbe(
    endpoint,
    {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.ListTables" },
      body: "{}",
    },
    async (response) => response.headers.has("x-amzn-requestid") && (await response.text()).includes("dynamodb"),
  );
}
