import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { findFreePorts } from "../packages/local/src/free-port";
import { REPOSITORY_ROOT } from "./server-protocol";
import type { BenchKeys } from "./world";

/*
 * `npm start` as a person runs it, on free ports and a data directory of its own, with keys the
 * load script holds too (so the people it seeds can sign in and its owner's token is accepted).
 */

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
/** npm start's table (ROSTER_TABLE_NAME's default). */
const TABLE = "roster";

export type NpmStart = Awaited<ReturnType<typeof startNpmStart>>;

export async function startNpmStart(keys: BenchKeys) {
  const [api, dynamo, ses] = await findFreePorts(3);
  if (api === undefined || dynamo === undefined || ses === undefined) throw new Error("findFreePorts returned too few ports");
  const dataDir = mkdtempSync(join(tmpdir(), "roster-load-"));
  const ownerEmail = "owner@load.example";
  const url = `http://127.0.0.1:${api}`;
  const npm = spawn("npm", ["start"], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...process.env,
      PORT: String(api),
      ROSTER_DYNAMODB_PORT: String(dynamo),
      ROSTER_SES_PORT: String(ses),
      ROSTER_DATA_DIR: dataDir,
      ROSTER_OWNER_EMAIL: ownerEmail,
      ROSTER_TOKEN_SIGNING_KEY: keys.signingKeyJwk,
      ROSTER_TOTP_ENCRYPTION_KEY: keys.totpKey,
    },
    // Its own process group: whatever happens to the script, everything npm started goes with it.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  npm.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  // The server's JSON log goes to stderr: kept for a failure's message, counted for the report.
  npm.stderr.setEncoding("utf8").on("data", (chunk: string) => (errors += chunk));

  const stop = async () => {
    if (npm.exitCode === null && npm.signalCode === null) {
      npm.kill("SIGTERM");
      const deadline = Date.now() + STOP_TIMEOUT_MS;
      while (npm.exitCode === null && npm.signalCode === null && Date.now() < deadline) await sleep(100);
    }
    try {
      process.kill(-npm.pid!, "SIGKILL");
    } catch {
      // The group is gone already: what stopping wanted.
    }
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!/^Owner setup link:/m.test(output)) {
    if (npm.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`npm start did not come up. Output:\n${output}\n${errors.slice(-2000)}`);
    }
    await sleep(200);
  }
  return {
    url,
    table: TABLE,
    dynamoEndpoint: `http://127.0.0.1:${dynamo}`,
    ownerEmail,
    /** What the server logged at level error so far (a 5xx logs one). */
    loggedErrors: () => errors.split("\n").filter((line) => /"level":"error"/.test(line)),
    stop,
  };
}
