import { createApp } from "@roster/http";
import { testDeps, type TestDepsOptions } from "./fixtures/deps";
import { auditEvents, commandRecorder, mailsTo, setProfile } from "./fixtures/observe";
import { people } from "./fixtures/people";
import { tenancy } from "./fixtures/tenancy";

export { PUBLIC_URL, testClock } from "./fixtures/deps";
export { GOOD_PASSWORD } from "./fixtures/people";

export type Harness = Awaited<ReturnType<typeof createHarness>>;

/** The CSRF token a console page's forms carry, as the page's HTML holds it. */
export const csrfIn = (html: string): string | undefined => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

/** The origin a browser on Roster's own pages sends with a form. */
const PUBLIC_URL_OF = (deps: { settings: { publicUrl: string } }) => new URL(deps.settings.publicUrl).origin;

export type CallOptions = {
  body?: unknown;
  token?: string;
  ip?: string;
  headers?: Record<string, string>;
  raw?: string;
  /** A form, as a browser posts it (the console). */
  form?: Record<string, string>;
  /** The console's session cookie. */
  cookie?: string;
};

/**
 * The real app on `app.request()`, over the ports of `testDeps` (a table of its own on the run's
 * DynamoDB Local, the run's SES emulator, a clock the test moves), with the fixtures that make
 * people through core. For tests of the HTTP surface; core's own tests use the fixtures alone.
 */
export async function createHarness(overrides: TestDepsOptions = {}) {
  const { deps, table, direct } = await testDeps(overrides);
  // With a fault proxy in `dynamoEndpoint`, the world is built on DynamoDB Local itself: the fault
  // is the app's to meet, not the fixtures'.
  const world = overrides.dynamoEndpoint ? { ...deps, db: direct } : deps;
  const fixtures = people(world);
  // Tests name the caller's IP with a header; in the real runtimes it comes from the socket or API Gateway.
  const app = createApp(deps, { clientIp: (c) => c.req.header("x-test-ip") ?? "192.0.2.1" });

  async function call(method: string, path: string, options: CallOptions = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined || options.raw !== undefined) headers["Content-Type"] ??= "application/json";
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.ip) headers["x-test-ip"] = options.ip;
    if (options.cookie) headers.Cookie = `__Host-roster_session=${options.cookie}`;
    if (options.form) {
      headers["Content-Type"] ??= "application/x-www-form-urlencoded";
      headers.Origin ??= PUBLIC_URL_OF(deps);
    }
    const response = await app.request(path, {
      method,
      headers,
      body: options.form ? new URLSearchParams(options.form).toString() : (options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body))),
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

  /** The CSRF token the session's pages carry, read off a page as a browser would see it. */
  async function csrfFor(cookie: string): Promise<string> {
    const page = await call("GET", "/console/account", { cookie });
    const token = csrfIn(String(page.body));
    if (!token) throw new Error(`No CSRF token on the account page (status ${page.status}): is the session alive?`);
    return token;
  }

  /** A console session for the person: the cookie, and the CSRF token its forms post. */
  async function consoleSession(person: { email: string; secret: string }) {
    const cookie = await fixtures.consoleCookie(person.email, person.secret);
    return { cookie, csrf: await csrfFor(cookie) };
  }

  return {
    deps,
    app,
    csrfFor,
    consoleSession,
    clock: deps.clock,
    table,
    /** The harness's table on DynamoDB Local itself, past any fault proxy in `dynamoEndpoint`. */
    direct,
    call,
    mailsTo,
    auditEvents: () => auditEvents(deps),
    setProfile: (userId: string, field: string, value: unknown) => setProfile(deps, userId, field, value),
    recordCommands: commandRecorder(deps),
    ...fixtures,
    ...tenancy(world, fixtures),
  };
}
