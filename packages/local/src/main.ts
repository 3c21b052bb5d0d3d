import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  argon2idHasher,
  createDb,
  createSecretBox,
  Events,
  importSigningKey,
  Jobs,
  jsonLogger,
  readSettings,
  SettingsError,
  sesMailer,
  systemClock,
  Workspace,
  type Deps,
} from "@roster/core";
import type { DynamoDBRecord } from "aws-lambda";
import { join } from "node:path";
import { installSignalHandlers, registerChild, stopAllChildren } from "./children";
import { ensureTable } from "./create-table";
import { startDynamoDbLocal } from "./dynamodb-local";
import { inProcessBus, localTargets } from "./in-process-bus";
import { startJobTimer } from "./job-timer";
import { localAws } from "./local-aws";
import { readLocalConfig } from "./local-config";
import { loadLocalKeys } from "./local-keys";
import { LocalRuntimeError } from "./local-runtime-error";
import { watchParent } from "./parent-watch";
import { assertJava17, assertJavaCompiler, assertPortFree } from "./preflight";
import { quietNodeVersionWarning } from "./quiet-node-version-warning";
import { serveApi } from "./serve";
import { startSesLocal } from "./ses-local";
import { startStreamPoller } from "./stream-poller";

/**
 * `npm start`: DynamoDB Local, the SES emulator and the API on loopback, the owner bootstrapped.
 * Every failure a person can fix is one line on stderr, not a stack trace.
 */
async function main() {
  quietNodeVersionWarning();
  installSignalHandlers();
  // npm killed with SIGKILL forwards nothing: stop as if it had sent SIGTERM.
  watchParent(() => process.kill(process.pid, "SIGTERM"));
  const config = readLocalConfig(process.env);
  const settings = readSettings(config.env);

  await assertJava17();
  await assertJavaCompiler();
  await assertPortFree(config.port, "the Roster API", "PORT");
  await assertPortFree(config.dynamoPort, "DynamoDB Local", "ROSTER_DYNAMODB_PORT");
  await assertPortFree(config.sesPort, "the SES emulator", "ROSTER_SES_PORT");

  const [dynamo, ses] = await Promise.all([
    startDynamoDbLocal({ port: config.dynamoPort, dataDir: join(config.dataDir, "dynamodb") }),
    startSesLocal({ port: config.sesPort }),
  ]);
  await ensureTable(new DynamoDBClient({ endpoint: dynamo.endpoint, ...localAws() }), config.table);

  const keys = await loadLocalKeys(config.dataDir, config.env);
  const deps: Deps = {
    db: createDb({ table: config.table, endpoint: dynamo.endpoint, calls: settings.awsCalls, ...localAws() }),
    clock: systemClock,
    mailer: sesMailer({ endpoint: ses.endpoint, from: settings.mailFrom, calls: settings.awsCalls, ...localAws() }),
    passwords: argon2idHasher,
    secretBox: createSecretBox(keys.totpEncryptionKey),
    signingKey: await importSigningKey(keys.signingKeyJwk),
    settings,
    log: jsonLogger(),
  };

  const api = await serveApi(deps, config.port);
  registerChild(() => api.close());

  // The audit fan-out as in AWS: the table's stream, publish-audit, the bus's rules, notify.
  const bus = inProcessBus(localTargets(deps), deps.log);
  const handle = (records: DynamoDBRecord[]) => Events.publishAuditRecords({ bus, log: deps.log }, records);
  const poller = await startStreamPoller({ endpoint: dynamo.endpoint, table: config.table, handle,
    log: deps.log,
    calls: settings.awsCalls,
    checkpointFile: join(config.dataDir, "stream-checkpoint.json"),
  });
  registerChild(() => poller.stop().then(() => bus.idle()));

  // The expiry job as the stack's schedule runs it; its warnings reach the mail viewer through the poller.
  // The scheduled job as the stack runs it: expiries and warnings, then the sign-in throttle's records.
  const expiry = startJobTimer({
    name: "expire-memberships",
    intervalMs: settings.expiryIntervalSeconds * 1000,
    run: () => Jobs.runScheduled(deps),
    log: deps.log,
  });
  registerChild(() => expiry.stop());

  const owner = await Workspace.ensureOwner(deps, config.ownerEmail);
  console.log(`Roster is running at ${settings.publicUrl}  (API reference: ${settings.publicUrl}/docs)`);
  console.log(`Mail viewer (SES emulator): ${ses.viewerUrl}`);
  console.log(`Data: ${config.dataDir}`);
  if (owner.state === "active") {
    console.log(`Owner ${owner.email} has completed setup: sign in with their password and authenticator.`);
  } else {
    console.log(`Owner setup link: ${owner.setupUrl}`);
    console.log(`  (for ${owner.email}; valid until ${owner.setupExpiresAt}; each restart replaces it until setup is done)`);
  }
}

main().catch(async (error: unknown) => {
  const expected = error instanceof LocalRuntimeError || error instanceof SettingsError;
  console.error(expected ? `roster: ${(error as Error).message}` : `roster: could not start: ${(error as Error)?.message ?? error}`);
  if (!expected && process.env.ROSTER_DEBUG) console.error(error);
  try {
    await stopAllChildren();
  } catch (stopError) {
    // Already failing: say that cleanup failed too, then exit with the original failure's status.
    console.error(`roster: could not stop every child process: ${(stopError as Error).message}`);
  }
  process.exit(1);
});
