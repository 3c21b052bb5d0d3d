import { z } from "zod";

/**
 * Settings every entry point reads once from its environment and passes down. Core never touches
 * process.env; `readSettings` takes the variables as a plain record.
 */
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const onOff = (fallback: "on" | "off") =>
  z
    .enum(["on", "off", "true", "false", "1", "0"])
    .default(fallback)
    .transform((value) => ["on", "true", "1"].includes(value));

const SettingsSchema = z.object({
  // The start of every setup link and the token issuer: an http(s) origin with an optional path, nothing after it.
  ROSTER_PUBLIC_URL: z
    .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
    .refine((url) => !/[?#]/.test(url), "must not contain a query or a fragment")
    .transform((url) => url.replace(/\/+$/, "")),
  ROSTER_SETUP_TTL_HOURS: positiveInt(168),
  ROSTER_ACCESS_TOKEN_TTL_SECONDS: positiveInt(900),
  ROSTER_REFRESH_TOKEN_TTL_DAYS: positiveInt(30),
  ROSTER_MAIL_FROM: z.string().min(3).default("Roster <no-reply@roster.local>"),
  ROSTER_MAX_CONTRACTOR_DAYS: positiveInt(365),
  ROSTER_EXPIRY_WARNING_DAYS: positiveInt(3),
  ROSTER_EXPIRY_INTERVAL_SECONDS: positiveInt(300),
  ROSTER_CONSOLE_IDLE_MINUTES: positiveInt(30),
  ROSTER_CONSOLE_ABSOLUTE_HOURS: positiveInt(12),
  ROSTER_SERVER_TIMING: onOff("on"),
  // Off unless the local runtime turns it on: a deployment never reaches its own network through a client's JWKS.
  ROSTER_ALLOW_LOOPBACK_FETCH: onOff("off"),
  ROSTER_JWKS_TIMEOUT_MS: positiveInt(2000),
});

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
};

export class SettingsError extends Error {
  override readonly name = "SettingsError";
}

export function readSettings(env: Record<string, string | undefined>): Settings {
  const parsed = SettingsSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SettingsError(`${String(issue.path[0])}: ${issue.message}`);
  }
  const s = parsed.data;
  return {
    publicUrl: s.ROSTER_PUBLIC_URL,
    setupTtlHours: s.ROSTER_SETUP_TTL_HOURS,
    accessTokenTtlSeconds: s.ROSTER_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: s.ROSTER_REFRESH_TOKEN_TTL_DAYS,
    mailFrom: s.ROSTER_MAIL_FROM,
    serverTiming: s.ROSTER_SERVER_TIMING,
    maxContractorDays: s.ROSTER_MAX_CONTRACTOR_DAYS,
    expiryWarningDays: s.ROSTER_EXPIRY_WARNING_DAYS,
    expiryIntervalSeconds: s.ROSTER_EXPIRY_INTERVAL_SECONDS,
    consoleIdleMinutes: s.ROSTER_CONSOLE_IDLE_MINUTES,
    consoleAbsoluteHours: s.ROSTER_CONSOLE_ABSOLUTE_HOURS,
    allowLoopbackFetch: s.ROSTER_ALLOW_LOOPBACK_FETCH,
    jwksTimeoutMs: s.ROSTER_JWKS_TIMEOUT_MS,
  };
}
