import { readSettings } from "../packages/core/src/config";

/*
 * What a deployment is configured with. Read once, at synth time, from the environment: SST loads
 * `.env`, `.env.<stage>` (and their `.local` variants) before the stacks run, so each stage keeps its
 * own file. Nothing here is a secret: the two keys are SST secrets (`npx sst secrets set`), never
 * environment variables of the deploy.
 *
 * (Core is imported by relative path on purpose: `sst deploy` bundles this file with the
 * repository's packages left external, and @roster/core is TypeScript source Node cannot load.)
 */

/** The SST app's name (sst.config.ts): stacks, tables and SSM parameters are named after it. */
export const APP_NAME = "roster";

/**
 * The SSM parameter where a deployed stage records what the owner command needs (table name,
 * public URL, settings): under SST's own prefix for the stage.
 */
export const deploymentParameterName = (stage: string) => `/sst/${APP_NAME}/${stage}/roster/deployment`;

/** What that parameter holds (JSON). */
export type DeploymentRecord = { tableName: string; publicUrl: string; mailFrom: string; settings: Record<string, string> };

/**
 * Stages that hold real data: their table has deletion protection and is retained when the stage
 * is removed, and their logs are kept longer. Every other stage ("dev", personal stages, preview
 * stages) is disposable: `sst remove` deletes everything it created.
 */
export const PROTECTED_STAGES: readonly string[] = ["prod", "staging"];
export const isProtectedStage = (stage: string) => PROTECTED_STAGES.includes(stage);

/**
 * Core settings the functions read themselves, passed through to them when the deploy environment
 * sets them (otherwise core's defaults apply). An allow-list on purpose: a variable that is not
 * listed never reaches a function's configuration, so a key in a developer's `.env` cannot leak
 * into it.
 */
export const FORWARDED_SETTINGS = [
  "ROSTER_SETUP_TTL_HOURS",
  "ROSTER_ACCESS_TOKEN_TTL_SECONDS",
  "ROSTER_REFRESH_TOKEN_TTL_DAYS",
  "ROSTER_SERVER_TIMING",
  "ROSTER_MAX_CONTRACTOR_DAYS",
  "ROSTER_EXPIRY_WARNING_DAYS",
  "ROSTER_EXPIRY_INTERVAL_SECONDS",
  "ROSTER_CONSOLE_IDLE_MINUTES",
  "ROSTER_CONSOLE_ABSOLUTE_HOURS",
  "ROSTER_AWS_CONNECT_TIMEOUT_MS",
  "ROSTER_AWS_REQUEST_TIMEOUT_MS",
  "ROSTER_AWS_MAX_ATTEMPTS",
] as const;

/** The forwarded settings of the AWS call budget only, for a function that reads nothing else (publish-audit). */
export function callBudgetSettings(settings: DeployConfig["settings"]): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).filter(([name, value]) => name.startsWith("ROSTER_AWS_") && value !== undefined)) as Record<string, string>;
}

/** The SST secrets of the api, by the names `functions/lib/bound-secrets.ts` reads them under (SST `Config`). */
export const SECRET_NAMES = ["ROSTER_TOKEN_SIGNING_KEY", "ROSTER_TOTP_ENCRYPTION_KEY"] as const;

export type SesIdentity = { kind: "domain" | "email"; value: string };

export type DeployConfig = {
  /** `ROSTER_MAIL_FROM`: the sender of every mail, e.g. `Roster <no-reply@example.com>`. */
  mailFrom: string;
  /** What SES verifies: `ROSTER_SES_IDENTITY` (a domain or an address), else the sender's address. */
  sesIdentity: SesIdentity;
  /** `ROSTER_DOMAIN` + `ROSTER_CERTIFICATE_ARN` (an ACM certificate in the stage's region). */
  customDomain?: { domainName: string; certificateArn: string };
  /** `ROSTER_PUBLIC_URL`: only when Roster is reached through something in front of the API. */
  publicUrl?: string;
  /** `ROSTER_ALARM_EMAIL`: subscribed to the alarm topic (confirm the mail SNS sends). */
  alarmEmail?: string;
  /** The forwarded core settings that are set. */
  settings: Partial<Record<(typeof FORWARDED_SETTINGS)[number], string>>;
  /** How often the expiry job runs, from core's settings. */
  expiryIntervalSeconds: number;
};

export class DeployConfigError extends Error {
  override readonly name = "DeployConfigError";
}

export function readDeployConfig(env: Record<string, string | undefined>): DeployConfig {
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  const mailFrom = get("ROSTER_MAIL_FROM");
  if (!mailFrom) {
    throw new DeployConfigError("ROSTER_MAIL_FROM is not set: name the sender, e.g. ROSTER_MAIL_FROM=\"Roster <no-reply@example.com>\" in .env.<stage>.");
  }
  const fromAddress = senderAddress(mailFrom);
  const fromDomain = fromAddress.split("@")[1]!;

  const identityValue = (get("ROSTER_SES_IDENTITY") ?? fromAddress).toLowerCase();
  const sesIdentity: SesIdentity = identityValue.includes("@") ? { kind: "email", value: identityValue } : { kind: "domain", value: identityValue };
  if (identityValue !== fromAddress && identityValue !== fromDomain) {
    throw new DeployConfigError(`ROSTER_SES_IDENTITY (${identityValue}) must be the sender's address (${fromAddress}) or its domain (${fromDomain}): SES sends only from verified identities.`);
  }

  const domainName = get("ROSTER_DOMAIN")?.toLowerCase();
  const certificateArn = get("ROSTER_CERTIFICATE_ARN");
  if (Boolean(domainName) !== Boolean(certificateArn)) {
    throw new DeployConfigError("ROSTER_DOMAIN and ROSTER_CERTIFICATE_ARN go together: the custom domain needs an ACM certificate in the stage's region.");
  }

  const publicUrl = get("ROSTER_PUBLIC_URL");
  // A local `.env` may carry the local runtime's http://127.0.0.1 URL; a deployed stage must not inherit it.
  if (publicUrl && !publicUrl.startsWith("https://")) {
    throw new DeployConfigError(`ROSTER_PUBLIC_URL must be an https:// URL for a deployed stage (got ${publicUrl}); leave it unset to use the API's own URL.`);
  }

  const alarmEmail = get("ROSTER_ALARM_EMAIL");
  if (alarmEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
    throw new DeployConfigError(`ROSTER_ALARM_EMAIL is not an email address: ${alarmEmail}`);
  }

  const settings: DeployConfig["settings"] = {};
  for (const name of FORWARDED_SETTINGS) {
    const value = get(name);
    if (value !== undefined) settings[name] = value;
  }
  // Off unless asked for: the round-trip count of an auth route is a side channel (a known email
  // once cost one more read than an unknown one). Locally it is on, where the budgets are read.
  settings.ROSTER_SERVER_TIMING ??= "off";
  // Fail the synth, not the first cold start, on a setting core would refuse.
  const checked = readSettings({
    ...settings,
    ROSTER_MAIL_FROM: mailFrom,
    ROSTER_PUBLIC_URL: publicUrl ?? (domainName ? `https://${domainName}` : "https://api.example.invalid"),
  });

  return {
    mailFrom,
    sesIdentity,
    customDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
    publicUrl,
    alarmEmail,
    settings,
    expiryIntervalSeconds: checked.expiryIntervalSeconds,
  };
}

/** The address of `Name <address>` or of a bare address, lowercased. */
export function senderAddress(mailFrom: string): string {
  const address = (/<([^<>]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom).trim().toLowerCase();
  if (!/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(address)) {
    throw new DeployConfigError(`ROSTER_MAIL_FROM does not name an address: ${mailFrom}`);
  }
  return address;
}
