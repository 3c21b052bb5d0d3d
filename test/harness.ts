import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  argon2idHasher,
  createDb,
  createSecretBox,
  generateSigningKeyJwk,
  importSigningKey,
  readSettings,
  sesMailer,
  silentLogger,
  Workspace,
  type Deps,
  type Mailer,
} from "@roster/core";
import { createApp } from "@roster/http";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { ensureTable } from "../packages/local/src/create-table";
import { localAws } from "../packages/local/src/local-aws";
import type { SesLocalEmail, SesLocalStore } from "../packages/local/src/ses-local";
import { stepOf, totpAt } from "./totp";

export const PUBLIC_URL = "http://roster.test";
export const GOOD_PASSWORD = "plum orbit canyon lantern 7";

/** A clock tests can move; it starts at the real now so TOTP codes match what apps would show. */
export function testClock(start = new Date()) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (date: Date | string) => void (now = new Date(date).getTime()),
    advance: (ms: number) => void (now += ms),
  };
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;

export type CallOptions = { body?: unknown; token?: string; ip?: string; headers?: Record<string, string>; raw?: string };

/**
 * One table per test file on the run's DynamoDB Local, the run's SES emulator, the real app on
 * `app.request()`. Only the clock is faked.
 */
export async function createHarness(overrides: { mailer?: Mailer; env?: Record<string, string> } = {}) {
  const endpoint = inject("dynamoEndpoint");
  const sesEndpoint = inject("sesEndpoint");
  const table = `roster-test-${randomBytes(6).toString("hex")}`;
  await ensureTable(new DynamoDBClient({ endpoint, ...localAws() }), table);

  const clock = testClock();
  const settings = readSettings({ ROSTER_PUBLIC_URL: PUBLIC_URL, ROSTER_MAIL_FROM: "Roster <roster@example.com>", ...overrides.env });
  const deps: Deps = {
    db: createDb({ table, endpoint, ...localAws() }),
    clock,
    mailer: overrides.mailer ?? sesMailer({ endpoint: sesEndpoint, from: settings.mailFrom, ...localAws() }),
    passwords: argon2idHasher,
    secretBox: createSecretBox(randomBytes(32)),
    signingKey: await importSigningKey(await generateSigningKeyJwk()),
    settings,
    log: silentLogger,
  };
  // Tests name the caller's IP with a header; in the real runtimes it comes from the socket or API Gateway.
  const app = createApp(deps, { clientIp: (c) => c.req.header("x-test-ip") ?? "192.0.2.1" });

  async function call(method: string, path: string, options: CallOptions = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined || options.raw !== undefined) headers["Content-Type"] ??= "application/json";
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.ip) headers["x-test-ip"] = options.ip;
    const response = await app.request(path, {
      method,
      headers,
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.text();
    const timing = response.headers.get("Server-Timing") ?? "";
    return {
      status: response.status,
      headers: response.headers,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      body: (text && /json/.test(response.headers.get("Content-Type") ?? "") ? JSON.parse(text) : text) as any,
      /** DynamoDB round trips, from Server-Timing. */
      calls: Number(/calls=(\d+)/.exec(timing)?.[1] ?? NaN),
    };
  }

  /** Mails the SES emulator holds for an address, oldest first. */
  async function mailsTo(address: string): Promise<SesLocalEmail[]> {
    const store = (await (await fetch(`${sesEndpoint}/store`)).json()) as SesLocalStore;
    return store.emails.filter((mail) => mail.destination.to.some((to) => to.toLowerCase() === address.toLowerCase()));
  }

  /**
   * Records the DynamoDB commands sent from now on (name and input), to assert how a change was
   * written: e.g. that its audit event rode in the same transaction.
   */
  const sent: { command: string; input: Record<string, unknown>; failed?: true }[] = [];
  let recording = false;
  deps.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (!recording) return next(args);
      const entry: (typeof sent)[number] = { command: context.commandName ?? "unknown", input: args.input as Record<string, unknown> };
      sent.push(entry);
      try {
        return await next(args);
      } catch (error) {
        // Refused (a condition, a cancelled transaction): sent, but nothing of it was written.
        entry.failed = true;
        throw error;
      }
    },
    { step: "initialize", name: "testCommandRecorder" },
  );
  async function recordCommands<T>(fn: () => Promise<T>) {
    sent.length = 0;
    recording = true;
    try {
      await fn();
    } finally {
      recording = false;
    }
    return [...sent];
  }

  /** Every audit event in the table, oldest first (a test-side read; the API's query comes with the audit trail). */
  async function auditEvents() {
    const { Items } = await deps.db.doc.send(
      new QueryCommand({ TableName: table, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "AUDIT" } }),
    );
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (Items ?? []) as any[];
  }

  /** Sets one field of a user's profile behind the API's back: a state a test needs that no route makes. */
  async function setProfile(userId: string, field: string, value: unknown) {
    await deps.db.doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `USER#${userId}`, sk: "PROFILE" },
        UpdateExpression: "SET #f = :v",
        ExpressionAttributeNames: { "#f": field },
        ExpressionAttributeValues: { ":v": value },
      }),
    );
  }

  const tokenOf = (setupUrl: string) => setupUrl.split("#token=")[1]!;

  /** The next TOTP step not yet spent for a secret: the harness tracks what each account used. */
  const lastStep = new Map<string, number>();
  function nextCode(secret: string) {
    const step = Math.max(stepOf(clock.now()) - 1, (lastStep.get(secret) ?? -Infinity) + 1);
    if (step > stepOf(clock.now()) + 1) throw new Error("No unspent TOTP step in the window: advance the clock.");
    lastStep.set(secret, step);
    return totpAt(secret, step);
  }

  /** Redeems a setup link through the API, as the setup page does. */
  async function completeSetup(setupUrl: string, displayName = "Test User") {
    const token = tokenOf(setupUrl);
    const totp = await call("POST", "/v1/setup/totp", { body: { token } });
    if (totp.status !== 200) throw new Error(`setup/totp ${totp.status}: ${JSON.stringify(totp.body)}`);
    const secret = totp.body.secret as string;
    const done = await call("POST", "/v1/setup/complete", {
      body: { token, displayName, password: GOOD_PASSWORD, totpCode: nextCode(secret) },
    });
    if (done.status !== 200) throw new Error(`setup/complete ${done.status}: ${JSON.stringify(done.body)}`);
    return { secret, user: done.body.user };
  }

  async function signIn(email: string, secret: string, ip?: string) {
    const res = await call("POST", "/v1/auth/login", { body: { email, password: GOOD_PASSWORD, totpCode: nextCode(secret) }, ip });
    if (res.status !== 200) throw new Error(`login ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as { accessToken: string; refreshToken: string; expiresIn: number; user: { id: string } };
  }

  /** A user invited by `adminToken` who completed setup (not signed in): the email, TOTP secret and id. */
  async function activeUser(adminToken: string, email: string, role = "OPERATOR") {
    const res = await call("POST", "/v1/users", { token: adminToken, body: { email, role } });
    if (res.status !== 201) throw new Error(`invite ${res.status}: ${JSON.stringify(res.body)}`);
    const { secret, user } = await completeSetup(res.body.setupUrl);
    return { email, secret, id: user.id as string };
  }

  /** The owner, set up and signed in. */
  async function owner(email = "owner@example.com") {
    const state = await Workspace.ensureOwner(deps, email);
    if (state.state === "active") throw new Error("owner already active in this table");
    const { secret } = await completeSetup(state.setupUrl, "Owner");
    return { email, secret, ...(await signIn(email, secret)) };
  }

  /** A user invited by `adminToken`, set up and signed in. */
  async function member(adminToken: string, email: string, role = "OPERATOR") {
    const invited = await call("POST", "/v1/users", { token: adminToken, body: { email, role } });
    if (invited.status !== 201) throw new Error(`invite ${invited.status}: ${JSON.stringify(invited.body)}`);
    const { secret } = await completeSetup(invited.body.setupUrl, email.split("@")[0]);
    return { email, secret, ...(await signIn(email, secret)) };
  }

  return { deps, app, clock, table, call, mailsTo, auditEvents, setProfile, recordCommands, activeUser, tokenOf, nextCode, completeSetup, signIn, owner, member };
}
