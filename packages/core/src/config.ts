import { DEFAULT_CALL_BUDGET, type CallBudget } from "./call-budget";

/**
 * Settings every entry point reads once from its environment and passes down. Core never touches
 * process.env; `readSettings` takes the variables as a plain record.
 *
 * Read by hand rather than with a zod schema: every cold start reads them before its first
 * answer, and zod is not otherwise needed until a request's body or query is validated.
 */
type Env = Record<string, string | undefined>;
/** Reads one variable: its value, or a SettingsError's message (the variable's name is added). */
type Reader<T> = (raw: string | undefined) => T | { refused: string };

const refused = (reason: string) => ({ refused: reason });
const isRefusal = (value: unknown): value is { refused: string } => typeof value === "object" && value !== null && "refused" in value;

/** A whole number in [min, max], or the default when unset. */
const integer = (fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): Reader<number> => (raw) => {
  if (raw === undefined) return fallback;
  const value = Number(raw.trim() === "" ? Number.NaN : raw);
  if (!Number.isSafeInteger(value)) return refused("must be a whole number");
  if (value < min) return refused(`must be at least ${min}`);
  if (value > max) return refused(`must be at most ${max}`);
  return value;
};
const positiveInt = (fallback: number) => integer(fallback);

const ON = ["on", "true", "1"];
const OFF = ["off", "false", "0"];
const onOff = (fallback: boolean): Reader<boolean> => (raw) =>
  raw === undefined ? fallback : ON.includes(raw) ? true : OFF.includes(raw) ? false : refused(`must be one of ${[...ON, ...OFF].join(", ")}`);

const text = (fallback: string, minLength: number): Reader<string> => (raw) =>
  raw === undefined ? fallback : raw.length >= minLength ? raw : refused(`must be at least ${minLength} characters`);

/** The start of every setup link and the token issuer: an http(s) origin with an optional path, nothing after it. */
const publicUrl: Reader<string> = (raw) => {
  if (raw === undefined) return refused("is required");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refused("must be an http:// or https:// URL");
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !/^https?:\/\/[^/]/i.test(raw)) return refused("must be an http:// or https:// URL");
  if (/[?#]/.test(raw)) return refused("must not contain a query or a fragment");
  return raw.replace(/\/+$/, "");
};

function read<T>(env: Env, name: string, reader: Reader<T>): T {
  const value = reader(env[name]);
  if (isRefusal(value)) throw new SettingsError(`${name}: ${value.refused}`);
  return value;
}

export type Settings = {
  publicUrl: string;
  setupTtlHours: number;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  mailFrom: string;
  serverTiming: boolean;
  /** The longest a contractor's membership may be granted for. */
  maxContractorDays: number;
  /** How long before a membership's expiry its holder is warned. */
  expiryWarningDays: number;
  /** How often the expiry job runs (the local runtime's timer; the stack's schedule). */
  expiryIntervalSeconds: number;
  /** A console session ends after this long without a page load… */
  consoleIdleMinutes: number;
  /** …and this long after sign-in, whatever happens. */
  consoleAbsoluteHours: number;
  /**
   * Whether a client's JWKS may be fetched from a loopback host (127.0.0.1, [::1], localhost), over
   * http too. Off, the strict policy holds: https only, and only to public addresses.
   */
  allowLoopbackFetch: boolean;
  /** The longest a fetch of a client's JWKS may take, from connecting to the last byte. */
  jwksTimeoutMs: number;
  /** The longest a fetch from the identity provider (its discovery document) may take: a stalled provider is an answer, not a hang. */
  ssoTimeoutMs: number;
  /** How long a call to DynamoDB, SES or EventBridge may take, and how often it is tried. */
  awsCalls: CallBudget;
};

export class SettingsError extends Error {
  override readonly name = "SettingsError";
}

/** The budget of every call to an AWS service (call-budget.ts); the publish-audit Lambda reads it alone. */
export const readCallBudget = (env: Env): CallBudget => ({
  connectTimeoutMs: read(env, "ROSTER_AWS_CONNECT_TIMEOUT_MS", positiveInt(DEFAULT_CALL_BUDGET.connectTimeoutMs)),
  requestTimeoutMs: read(env, "ROSTER_AWS_REQUEST_TIMEOUT_MS", positiveInt(DEFAULT_CALL_BUDGET.requestTimeoutMs)),
  // More attempts would stretch a stalled call past what an API request can wait.
  maxAttempts: read(env, "ROSTER_AWS_MAX_ATTEMPTS", integer(DEFAULT_CALL_BUDGET.maxAttempts, 1, 5)),
});

export function readSettings(env: Env): Settings {
  return {
    publicUrl: read(env, "ROSTER_PUBLIC_URL", publicUrl),
    setupTtlHours: read(env, "ROSTER_SETUP_TTL_HOURS", positiveInt(168)),
    accessTokenTtlSeconds: read(env, "ROSTER_ACCESS_TOKEN_TTL_SECONDS", positiveInt(900)),
    refreshTokenTtlDays: read(env, "ROSTER_REFRESH_TOKEN_TTL_DAYS", positiveInt(30)),
    mailFrom: read(env, "ROSTER_MAIL_FROM", text("Roster <no-reply@roster.local>", 3)),
    serverTiming: read(env, "ROSTER_SERVER_TIMING", onOff(true)),
    maxContractorDays: read(env, "ROSTER_MAX_CONTRACTOR_DAYS", positiveInt(365)),
    expiryWarningDays: read(env, "ROSTER_EXPIRY_WARNING_DAYS", positiveInt(3)),
    expiryIntervalSeconds: read(env, "ROSTER_EXPIRY_INTERVAL_SECONDS", positiveInt(300)),
    consoleIdleMinutes: read(env, "ROSTER_CONSOLE_IDLE_MINUTES", positiveInt(30)),
    consoleAbsoluteHours: read(env, "ROSTER_CONSOLE_ABSOLUTE_HOURS", positiveInt(12)),
    // Off unless the local runtime turns it on: a deployment never reaches its own network through a client's JWKS.
    allowLoopbackFetch: read(env, "ROSTER_ALLOW_LOOPBACK_FETCH", onOff(false)),
    jwksTimeoutMs: read(env, "ROSTER_JWKS_TIMEOUT_MS", positiveInt(2000)),
    ssoTimeoutMs: read(env, "ROSTER_SSO_TIMEOUT_MS", positiveInt(3000)),
    awsCalls: readCallBudget(env),
  };
}
