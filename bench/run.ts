import { argon2idHasher } from "@roster/core";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { benchClient } from "./client";
import { measureListCpu } from "./cpu";
import { expiryWorld, measureExpiry } from "./expiry";
import { measureListScale } from "./list-scale";
import { machine } from "./machine";
import { kinds, measureOverhead, type OverheadContext } from "./overhead";
import { atMost, formatRoundTrips, formatTable, type Row, type RoundTripRow } from "./report";
import { writeItems } from "../test/fixtures/batch-write";
import { activeUsers, copyTable, PASSWORD, seedOwner } from "./seed";
import { REPOSITORY_ROOT } from "./server-protocol";
import { measureThroughput } from "./throughput";
import { warmUp } from "./warm";
import { EXPIRY_TABLE, newKeys, startStore, startWorld, TABLES } from "./world";
import { quietNodeVersionWarning } from "../packages/local/src/quiet-node-version-warning";

/*
 * `npm run bench`: every figure of bench/results.json, measured in one run against one DynamoDB
 * Local, printed as a table. Not part of `npm test`: it takes minutes and wants a quiet machine.
 */

const PLANS = {
  list: { warmup: 20, rounds: 5, perRound: 50 },
  invite: { warmup: 5, rounds: 5, perRound: 25 },
  accept: { warmup: 3, rounds: 5, perRound: 12 },
  signIn: { warmup: 3, rounds: 5, perRound: 12 },
  listScale: { warmup: 20, rounds: 5, perRound: 30 },
  cpu: { warmup: 20, rounds: 5, perRound: 50 },
};
const TARGETS = { overhead: 1.15, coldStart: 1.3, listScale: 1.1, readsPerDue: 1.1, cpuListMs: 6 };

const log = (message: string) => console.error(`bench: ${message}`);
const elapsed = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** The expiry job over 10,000 memberships, in a DynamoDB Local of its own. */
async function expiryRun(passwordHash: string) {
  const store = await startStore([EXPIRY_TABLE], await newKeys());
  try {
    const deps = await store.depsFor(EXPIRY_TABLE);
    const world = expiryWorld(deps, passwordHash);
    await writeItems(deps, EXPIRY_TABLE, world.items);
    return await measureExpiry(deps, world, 3);
  } finally {
    await store.stop();
  }
}

async function main() {
  quietNodeVersionWarning();
  const started = performance.now();
  const world = await startWorld();
  let stopped = false;
  try {
    const app = await world.depsFor(TABLES.app);
    // One hash at production cost for every seeded person: each sign-in still verifies it in full.
    const passwordHash = await argon2idHasher.hash(PASSWORD);

    let step = performance.now();
    const owner = await seedOwner(app);
    // The owner (and its session) in every served table, so one token reaches them all.
    await Promise.all([copyTable(app, TABLES.app, TABLES.small), copyTable(app, TABLES.app, TABLES.large)]);
    const signingIn = activeUsers(app, PLANS.signIn.warmup + PLANS.signIn.rounds * PLANS.signIn.perRound, passwordHash, { prefix: "signin" });
    const team = activeUsers(app, 99, passwordHash, { prefix: "team" });
    await writeItems(app, TABLES.app, [...team.items, ...signingIn.items]);
    await writeItems(app, TABLES.small, activeUsers(app, 99, passwordHash, { prefix: "small" }).items);
    // The floor's twin: what the app's table holds before the first measured request.
    await copyTable(app, TABLES.app, TABLES.floor);
    // Last: in DynamoDB Local, a table first filled after the 10,000-user one answered ten times
    // slower than the same table filled before it (the floor's twin did, and so did the expiry
    // job's memberships), which would have measured the emulator rather than Roster.
    const seedStarted = performance.now();
    const large = activeUsers(app, 9_999, passwordHash, { prefix: "large" });
    await writeItems(app, TABLES.large, large.items);
    const seed10000Seconds = (performance.now() - seedStarted) / 1000;
    log(`seeded in ${elapsed(step)} (10,000 users in ${seed10000Seconds.toFixed(1)} s)`);

    step = performance.now();
    const warmRequests = await warmUp([world.urlOf(TABLES.app), world.urlOf(TABLES.small), world.urlOf(TABLES.large)], owner.accessToken, 15);
    log(`warmed up with ${warmRequests} requests in ${elapsed(step)}`);

    step = performance.now();
    const context: OverheadContext = { url: world.urlOf(TABLES.app), table: TABLES.app, twin: TABLES.floor, client: world.client, hasher: argon2idHasher };
    const setupTokens: string[] = [];
    const timedKind = async <T>(name: string, measure: () => Promise<T>) => {
      const since = performance.now();
      const figure = await measure();
      log(`overhead.${name} in ${elapsed(since)}`);
      return figure;
    };
    const overhead = {
      list: await timedKind("list", () => measureOverhead(context, kinds.list(owner.accessToken), PLANS.list)),
      invite: await timedKind("invite", () => measureOverhead(context, kinds.invite(owner.accessToken, setupTokens), PLANS.invite)),
      accept: await timedKind("accept", () => measureOverhead(context, kinds.accept(setupTokens), PLANS.accept)),
      signIn: await timedKind("signIn", () => measureOverhead(context, kinds.signIn([...signingIn.people]), PLANS.signIn)),
    };
    log(`overhead measured in ${elapsed(step)}`);

    step = performance.now();
    const listScale = await measureListScale(world.urlOf(TABLES.small), world.urlOf(TABLES.large), owner.accessToken, PLANS.listScale);
    const cpu = await measureListCpu(world.urlOf(TABLES.large), owner.accessToken, PLANS.cpu);
    log(`list scale and CPU measured in ${elapsed(step)}`);


    const me = benchClient(world.urlOf(TABLES.app));
    const meCalls = (await me.call("GET", "/v1/me", { token: owner.accessToken, expect: 200 })).calls;
    me.close();
    step = performance.now();
    const throughput = await measureThroughput(world.urlOf(TABLES.app), owner.accessToken, { rounds: 3, seconds: 10, connections: 16 });
    log(`throughput measured in ${elapsed(step)}`);

    await world.stop();
    stopped = true;
    step = performance.now();
    const expiry = await expiryRun(passwordHash);
    log(`expiry seeded and measured in ${elapsed(step)}`);
    step = performance.now();
    // Loaded only now: it brings in the stacks (and SST, CDK), which nothing measured before needs.
    const { measureColdStart } = await import("./cold-start");
    const coldStart = await measureColdStart({ warmup: 2, rounds: 5, perRound: 6 });
    log(`cold start measured in ${elapsed(step)}`);

    const roundTrips: RoundTripRow[] = [
      { request: "POST /v1/auth/login", calls: overhead.signIn.calls[0]!, budget: 3 },
      { request: "GET /v1/users", calls: overhead.list.calls[0]!, budget: 2 },
      { request: "POST /v1/users", calls: overhead.invite.calls[0]!, budget: 3 },
      { request: "POST /v1/setup/lookup", calls: overhead.accept.calls[0]!, budget: null },
      { request: "POST /v1/setup/totp", calls: overhead.accept.calls[1]!, budget: null },
      { request: "POST /v1/setup/complete", calls: overhead.accept.calls[2]!, budget: 2 },
      { request: "GET /v1/me", calls: meCalls, budget: 2 },
    ];
    const rows: Row[] = [
      ...(["signIn", "list", "invite", "accept"] as const).map((kind) => ({
        key: `overhead.${kind}`,
        what: "HTTP p50 ÷ floor p50",
        target: `≤ ${TARGETS.overhead}`,
        figure: overhead[kind].ratio,
        unit: "",
        pass: atMost(overhead[kind].ratio, TARGETS.overhead),
      })),
      { key: "coldStart.ratio", what: "api ÷ minimal handler", target: `≤ ${TARGETS.coldStart}`, figure: coldStart.ratio, unit: "", pass: atMost(coldStart.ratio, TARGETS.coldStart) },
      { key: "listScale.ratio", what: "list p50 at 10,000 ÷ at 100", target: `≤ ${TARGETS.listScale}`, figure: listScale.ratio, unit: "", pass: atMost(listScale.ratio, TARGETS.listScale) },
      { key: "expiry.readsPerDue", what: "items read ÷ due", target: `≤ ${TARGETS.readsPerDue}`, figure: expiry.readsPerDue, unit: "", pass: atMost(expiry.readsPerDue, TARGETS.readsPerDue) },
      { key: "cpu.list", what: "server CPU per list request", target: `aim < ${TARGETS.cpuListMs} ms`, figure: cpu.msPerRequest, unit: " ms", pass: null },
      { key: "throughput.rps", what: "GET /v1/me, 16 connections, 10 s", target: "reported", figure: throughput.rps, unit: "", pass: null },
      { key: "throughput.p99", what: "its p99 latency", target: "reported", figure: throughput.p99Ms, unit: " ms", pass: null },
    ];
    const target = (pass: boolean) => ({ pass });
    const results = {
      machine: machine(),
      durationSeconds: Math.round((performance.now() - started) / 1000),
      seed: { users: 10_000, seconds: Math.round(seed10000Seconds * 10) / 10 },
      overhead: Object.fromEntries(Object.entries(overhead).map(([kind, figure]) => [kind, { target: TARGETS.overhead, ...figure, ...target(atMost(figure.ratio, TARGETS.overhead)) }])),
      coldStart: { target: TARGETS.coldStart, ...coldStart, ...target(atMost(coldStart.ratio, TARGETS.coldStart)) },
      listScale: { target: TARGETS.listScale, ...listScale, ...target(atMost(listScale.ratio, TARGETS.listScale)) },
      expiry: { target: TARGETS.readsPerDue, ...expiry, ...target(atMost(expiry.readsPerDue, TARGETS.readsPerDue)) },
      cpu: { list: { aimBelowMs: TARGETS.cpuListMs, ...cpu.msPerRequest } },
      throughput,
      roundTrips: roundTrips.map((row) => ({ ...row, pass: row.budget === null ? null : row.calls <= row.budget })),
    };
    await writeFile(join(REPOSITORY_ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
    const m = results.machine;
    console.log(`Roster bench, ${m.date}: ${m.cpu} × ${m.cores}, ${m.memoryGiB} GiB, Node ${m.node}; ${results.durationSeconds} s`);
    console.log(formatTable(rows));
    console.log();
    console.log(formatRoundTrips(roundTrips));
    console.log(`\nwritten to bench/results.json (raw medians beside every ratio)`);
  } finally {
    if (!stopped) await world.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
