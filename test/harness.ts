import { createApp } from "@roster/http";
import type { Mailer, PasswordHasher } from "@roster/core";
import { testDeps } from "./fixtures/deps";
import { auditEvents, commandRecorder, mailsTo, setProfile } from "./fixtures/observe";
import { people } from "./fixtures/people";
import { tenancy } from "./fixtures/tenancy";

export { PUBLIC_URL, testClock } from "./fixtures/deps";
export { GOOD_PASSWORD } from "./fixtures/people";

export type Harness = Awaited<ReturnType<typeof createHarness>>;

export type CallOptions = { body?: unknown; token?: string; ip?: string; headers?: Record<string, string>; raw?: string };

/**
 * The real app on `app.request()`, over the ports of `testDeps` (a table of its own on the run's
 * DynamoDB Local, the run's SES emulator, a clock the test moves), with the fixtures that make
 * people through core. For tests of the HTTP surface; core's own tests use the fixtures alone.
 */
export async function createHarness(overrides: { mailer?: Mailer; passwords?: PasswordHasher; env?: Record<string, string> } = {}) {
  const { deps, table } = await testDeps(overrides);
  // Tests name the caller's IP with a header; in the real runtimes it comes from the socket or API Gateway.
  const fixtures = people(deps);
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

  return {
    deps,
    app,
    clock: deps.clock,
    table,
    call,
    mailsTo,
    auditEvents: () => auditEvents(deps),
    setProfile: (userId: string, field: string, value: unknown) => setProfile(deps, userId, field, value),
    recordCommands: commandRecorder(deps),
    ...fixtures,
    ...tenancy(deps, fixtures),
  };
}
