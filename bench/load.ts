import { argon2idHasher, Throttle } from "@roster/core";
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeItems } from "../test/fixtures/batch-write";
import { quietNodeVersionWarning } from "../packages/local/src/quiet-node-version-warning";
import { fire, latency, loopbackAddress, tally, type Hit, type Shot } from "./fire";
import { brokenOf, hammer, type Hammered } from "./hammer";
import { machine } from "./machine";
import { startNpmStart } from "./npm-start";
import { activeUsers, codeNow, PASSWORD, seedOwner } from "./seed";
import { REPOSITORY_ROOT } from "./server-protocol";
import { coreDeps, newKeys } from "./world";

/*
 * `npm run load`: `npm start` as it ships (DynamoDB Local on disk, argon2id at OWASP's cost, the
 * stream poller and the job timer running), under load from this machine. Not part of `npm test`:
 * it takes minutes and wants a quiet machine. Writes bench/load-results.json and prints a table;
 * exits non-zero when an answer it did not expect came back (a 5xx, an error, a 401 in a load run,
 * more guesses evaluated than the throttle's limits allow).
 */

const SECONDS = 10;
const CONNECTIONS = [16, 64] as const;
/** People seeded to sign in, each once (a TOTP step is spent by its sign-in). */
const SIGN_INS = 2_000;
const SIGN_IN_CONCURRENCY = 16;
const STORM = 1_000;
const LOGIN = "/v1/auth/login";

const log = (message: string) => console.error(`load: ${message}`);
const problems: string[] = [];
const expect = (ok: boolean, problem: string) => void (ok || problems.push(problem));

/** One authenticated GET under load: every answer must be a 2xx, and a run where one was not is recorded as a problem, not thrown. */
async function read(url: string, path: string, token: string, connections: number): Promise<Hammered> {
  const hammered = await hammer(url, path, token, { connections, seconds: SECONDS });
  const run = { ...hammered, rps: Math.round(hammered.rps) };
  expect(brokenOf(run) === 0, `GET ${path} at ${connections} connections: ${run.non2xx} non-2xx, ${run.errors} errors, ${run.timeouts} timeouts`);
  return run;
}

/** A storm's outcome: how many guesses were evaluated (401), refused (429), and anything else. */
function storm(name: string, hits: Hit[], limit: number) {
  const statuses = tally(hits);
  const evaluated = statuses["401"] ?? 0;
  const refused = statuses["429"] ?? 0;
  const other = hits.length - evaluated - refused;
  expect(evaluated <= limit, `${name}: ${evaluated} guesses evaluated, the limits allow ${limit}`);
  expect(other === 0, `${name}: answers other than 401 and 429: ${JSON.stringify(statuses)}`);
  return { attempts: hits.length, evaluated, limit, refused, statuses, ...latency(hits) };
}

async function main() {
  quietNodeVersionWarning();
  const started = performance.now();
  const keys = await newKeys();
  log("starting npm start");
  const app = await startNpmStart(keys);
  try {
    const deps = await coreDeps({ endpoint: app.dynamoEndpoint, table: app.table, keys, publicUrl: app.url });
    const owner = await seedOwner(deps, app.ownerEmail);
    log(`seeding ${SIGN_INS} people`);
    const seeded = activeUsers(deps, SIGN_INS, await argon2idHasher.hash(PASSWORD), { prefix: "load" });
    await writeItems(deps, app.table, seeded.items);

    // A cold JVM and a cold server answer the first seconds slower than the rest: not what is measured.
    await hammer(app.url, "/v1/users?limit=50", owner.accessToken, { connections: 16, seconds: 5 });

    const reads: Record<string, Hammered> = {};
    for (const [name, path] of [["me", "/v1/me"], ["list", "/v1/users?limit=50"]] as const) {
      for (const connections of CONNECTIONS) {
        log(`GET ${path} at ${connections} connections for ${SECONDS} s`);
        reads[`${name}@${connections}`] = await read(app.url, path, owner.accessToken, connections);
      }
    }

    log(`${SIGN_INS} sign-ins, ${SIGN_IN_CONCURRENCY} at a time`);
    const signInStart = performance.now();
    const signInHits = await fire(
      app.url,
      seeded.people.map((person) => ({ path: LOGIN, body: () => ({ email: person.email, password: PASSWORD, totpCode: codeNow(person.secret) }) })),
      SIGN_IN_CONCURRENCY,
    );
    const signInSeconds = (performance.now() - signInStart) / 1000;
    const signInStatuses = tally(signInHits);
    expect(signInStatuses["200"] === SIGN_INS, `sign-ins: ${JSON.stringify(signInStatuses)}, all ${SIGN_INS} should be 200`);
    const signIns = { count: SIGN_INS, concurrency: SIGN_IN_CONCURRENCY, rps: Math.round(SIGN_INS / signInSeconds), statuses: signInStatuses, ...latency(signInHits) };

    // Wrong passwords, all at once; each storm on emails and addresses no other one used.
    const wrong = (email: string, from: string): Shot => ({ path: LOGIN, body: () => ({ email, password: "not the password 1", totpCode: "000000" }), from });
    const target = seeded.people[0]!.email;
    const addresses = 20;
    log(`throttle storms: ${STORM} parallel failed sign-ins each`);
    const storms = {
      // One account, from a thousand addresses: the account's window holds.
      oneAccount: storm("one account from 1,000 addresses", await fire(app.url, Array.from({ length: STORM }, (_, n) => wrong(target, loopbackAddress(n, 1))), STORM), Throttle.THROTTLE_LIMITS.EMAIL),
      // A thousand accounts (unknown emails: the same work as known ones) from 20 addresses: each address's window holds.
      fewAddresses: storm(
        "1,000 accounts from 20 addresses",
        await fire(app.url, Array.from({ length: STORM }, (_, n) => wrong(`nobody-${randomUUID()}@load.example`, loopbackAddress(n % addresses, 2))), STORM),
        addresses * Throttle.THROTTLE_LIMITS.IP,
      ),
      // A thousand accounts from a thousand addresses: within every limit, so every guess is evaluated, and none may fail.
      spread: storm(
        "1,000 accounts from 1,000 addresses",
        await fire(app.url, Array.from({ length: STORM }, (_, n) => wrong(`nobody-${randomUUID()}@load.example`, loopbackAddress(n, 3))), STORM),
        STORM,
      ),
    };

    const serverErrors = app.loggedErrors();
    expect(serverErrors.length === 0, `the server logged ${serverErrors.length} errors, the first: ${serverErrors[0]}`);
    const results = { machine: machine(), seconds: SECONDS, reads, signIns, storms, serverErrorsLogged: serverErrors.length, problems, tookSeconds: Math.round((performance.now() - started) / 1000) };
    await writeFile(join(REPOSITORY_ROOT, "bench", "load-results.json"), JSON.stringify(results, null, 2) + "\n");
    console.log(formatLoad(results));
  } finally {
    await app.stop();
  }
  if (problems.length > 0) {
    for (const problem of problems) console.error(`load: FAIL ${problem}`);
    process.exitCode = 1;
  }
}

function formatLoad(results: { reads: Record<string, Hammered>; signIns: { count: number; concurrency: number; rps: number; p50Ms: number; p99Ms: number; statuses: Record<string, number> }; storms: Record<string, ReturnType<typeof storm>> }) {
  const lines = ["| load | requests | per second | p50 | p99 | answers |", "|---|---|---|---|---|---|"];
  for (const [name, run] of Object.entries(results.reads)) {
    lines.push(`| ${name} | ${run.requests} | ${run.rps} | ${run.p50Ms} ms | ${run.p99Ms} ms | ${brokenOf(run) === 0 ? "all 2xx" : `${run.non2xx} non-2xx, ${run.errors} errors, ${run.timeouts} timeouts`} |`);
  }
  const s = results.signIns;
  lines.push(`| sign-in@${s.concurrency} | ${s.count} | ${s.rps} | ${s.p50Ms} ms | ${s.p99Ms} ms | ${JSON.stringify(s.statuses)} |`);
  lines.push("", "| storm | attempts | evaluated (401) | limit | refused (429) | p50 | p99 |", "|---|---|---|---|---|---|---|");
  for (const [name, run] of Object.entries(results.storms)) lines.push(`| ${name} | ${run.attempts} | ${run.evaluated} | ${run.limit} | ${run.refused} | ${run.p50Ms} ms | ${run.p99Ms} ms |`);
  return lines.join("\n");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
