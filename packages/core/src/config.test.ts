import { describe, expect, it } from "vitest";
import { readCallBudget, readSettings, SettingsError } from "./config";

const URL_ONLY = { ROSTER_PUBLIC_URL: "https://roster.example.com" };

/** The SettingsError readSettings throws, or a test failure when it does not throw one. */
function settingsError(env: Record<string, string | undefined>): SettingsError {
  try {
    readSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return error as SettingsError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe("readSettings", () => {
  it("fills in the documented defaults", () => {
    expect(readSettings(URL_ONLY)).toEqual({
      publicUrl: "https://roster.example.com",
      setupTtlHours: 168,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlDays: 30,
      mailFrom: "Roster <no-reply@roster.local>",
      serverTiming: true,
      maxContractorDays: 365,
      expiryWarningDays: 3,
      expiryIntervalSeconds: 300,
      consoleIdleMinutes: 30,
      consoleAbsoluteHours: 12,
      // The strict policy, and the contract's 2 s, unless an environment says otherwise.
      allowLoopbackFetch: false,
      jwksTimeoutMs: 2000,
      ssoTimeoutMs: 3000,
      // Every AWS call: 1 s to connect, 2 s per attempt, two attempts (call-budget.ts says why).
      awsCalls: { connectTimeoutMs: 1000, requestTimeoutMs: 2000, maxAttempts: 2 },
    });
  });

  it("ignores unrelated variables and reads explicit values", () => {
    expect(
      readSettings({
        ...URL_ONLY,
        PATH: "/usr/bin",
        ROSTER_SETUP_TTL_HOURS: "24",
        ROSTER_ACCESS_TOKEN_TTL_SECONDS: "300",
        ROSTER_REFRESH_TOKEN_TTL_DAYS: "7",
        ROSTER_MAIL_FROM: "Team <team@example.com>",
        ROSTER_SERVER_TIMING: "on",
        ROSTER_MAX_CONTRACTOR_DAYS: "90",
        ROSTER_EXPIRY_WARNING_DAYS: "7",
        ROSTER_EXPIRY_INTERVAL_SECONDS: "60",
        ROSTER_CONSOLE_IDLE_MINUTES: "15",
        ROSTER_CONSOLE_ABSOLUTE_HOURS: "8",
        ROSTER_ALLOW_LOOPBACK_FETCH: "on",
        ROSTER_JWKS_TIMEOUT_MS: "500",
        ROSTER_SSO_TIMEOUT_MS: "1500",
        ROSTER_AWS_CONNECT_TIMEOUT_MS: "250",
        ROSTER_AWS_REQUEST_TIMEOUT_MS: "800",
        ROSTER_AWS_MAX_ATTEMPTS: "3",
      }),
    ).toEqual({
      publicUrl: "https://roster.example.com",
      setupTtlHours: 24,
      accessTokenTtlSeconds: 300,
      refreshTokenTtlDays: 7,
      mailFrom: "Team <team@example.com>",
      serverTiming: true,
      maxContractorDays: 90,
      expiryWarningDays: 7,
      expiryIntervalSeconds: 60,
      consoleIdleMinutes: 15,
      consoleAbsoluteHours: 8,
      allowLoopbackFetch: true,
      jwksTimeoutMs: 500,
      ssoTimeoutMs: 1500,
      awsCalls: { connectTimeoutMs: 250, requestTimeoutMs: 800, maxAttempts: 3 },
    });
  });

  it("reads the call budget alone, without a public URL, and refuses a budget that could outlast a request", () => {
    expect(readCallBudget({})).toEqual({ connectTimeoutMs: 1000, requestTimeoutMs: 2000, maxAttempts: 2 });
    expect(readCallBudget({ ROSTER_AWS_MAX_ATTEMPTS: "1" }).maxAttempts).toBe(1);
    expect(settingsError({ ...URL_ONLY, ROSTER_AWS_MAX_ATTEMPTS: "6" }).message).toMatch(/^ROSTER_AWS_MAX_ATTEMPTS: /);
    expect(settingsError({ ...URL_ONLY, ROSTER_AWS_REQUEST_TIMEOUT_MS: "0" }).message).toMatch(/^ROSTER_AWS_REQUEST_TIMEOUT_MS: /);
    expect(() => readCallBudget({ ROSTER_AWS_CONNECT_TIMEOUT_MS: "soon" })).toThrow(/^ROSTER_AWS_CONNECT_TIMEOUT_MS: /);
  });

  it("strips trailing slashes from ROSTER_PUBLIC_URL, keeping a path", () => {
    expect(readSettings({ ROSTER_PUBLIC_URL: "https://roster.example.com/" }).publicUrl).toBe("https://roster.example.com");
    expect(readSettings({ ROSTER_PUBLIC_URL: "https://roster.example.com///" }).publicUrl).toBe("https://roster.example.com");
    expect(readSettings({ ROSTER_PUBLIC_URL: "http://127.0.0.1:3000/roster/" }).publicUrl).toBe("http://127.0.0.1:3000/roster");
  });

  it("refuses a missing or invalid ROSTER_PUBLIC_URL with a SettingsError naming the variable", () => {
    expect(settingsError({}).message).toMatch(/^ROSTER_PUBLIC_URL: /);
    expect(settingsError({ ROSTER_PUBLIC_URL: "not a url" }).message).toMatch(/^ROSTER_PUBLIC_URL: /);
    expect(settingsError({ ROSTER_PUBLIC_URL: "roster.example.com" }).message).toMatch(/^ROSTER_PUBLIC_URL: /);
    expect(settingsError({ ROSTER_PUBLIC_URL: "" }).message).toMatch(/^ROSTER_PUBLIC_URL: /);
    expect(settingsError({ ROSTER_PUBLIC_URL: "not a url" }).name).toBe("SettingsError");
  });

  // It is the base of every setup link (`<url>/setup#token=…`), the tokens' issuer and the OAuth audience.
  it.each(["javascript:alert(1)", "ftp://roster.example.com", "http:roster.example.com", "https:///roster", "mailto:admin@example.com", "https://roster.example.com/?tenant=a", "https://roster.example.com/#x"])(
    "refuses %s: ROSTER_PUBLIC_URL must be an http(s) base URL without query or fragment",
    (value) => {
      expect(settingsError({ ROSTER_PUBLIC_URL: value }).message).toMatch(/^ROSTER_PUBLIC_URL: /);
    },
  );

  it.each(["off", "false", "0"])("turns Server-Timing off with ROSTER_SERVER_TIMING=%s", (value) => {
    expect(readSettings({ ...URL_ONLY, ROSTER_SERVER_TIMING: value }).serverTiming).toBe(false);
  });

  it.each(["on", "true", "1"])("keeps Server-Timing on with ROSTER_SERVER_TIMING=%s", (value) => {
    expect(readSettings({ ...URL_ONLY, ROSTER_SERVER_TIMING: value }).serverTiming).toBe(true);
  });

  it("refuses an unknown ROSTER_SERVER_TIMING value, naming the variable", () => {
    expect(settingsError({ ...URL_ONLY, ROSTER_SERVER_TIMING: "maybe" }).message).toMatch(/^ROSTER_SERVER_TIMING: /);
  });

  it.each([
    ["ROSTER_SETUP_TTL_HOURS", "0"],
    ["ROSTER_SETUP_TTL_HOURS", "-1"],
    ["ROSTER_ACCESS_TOKEN_TTL_SECONDS", "1.5"],
    ["ROSTER_REFRESH_TOKEN_TTL_DAYS", "thirty"],
  ])("refuses %s=%s, naming the variable", (name, value) => {
    expect(settingsError({ ...URL_ONLY, [name]: value }).message).toMatch(new RegExp(`^${name}: `));
  });
});
