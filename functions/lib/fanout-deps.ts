import { createDb, Events, readCallBudget, readSettings, sesMailer, type Logger, type Notify } from "@roster/core";

/*
 * The ports of the audit fan-out Lambdas, built once per cold start from their environment. They
 * need neither the signing nor the TOTP keys, so they are not given them (nor the secrets); only
 * notify reads the table, to find the SUPER_ADMINs an admin notice goes to.
 */

export function publishAuditDeps(env: Record<string, string | undefined>, log: Logger): Events.PublishAuditDeps {
  // Its environment holds no public URL: it reads the call budget alone.
  const bus = Events.createEventBridgeBus({ region: required(env, "AWS_REGION"), busName: required(env, "ROSTER_EVENT_BUS_NAME"), calls: readCallBudget(env) });
  return { bus, log };
}

export function notifyDeps(env: Record<string, string | undefined>, log: Logger): Notify.NotifyDeps {
  const settings = readSettings(env);
  const mailer = sesMailer({ region: required(env, "AWS_REGION"), from: settings.mailFrom, configurationSet: env.ROSTER_SES_CONFIGURATION_SET, calls: settings.awsCalls });
  const db = createDb({ table: required(env, "ROSTER_TABLE_NAME"), region: required(env, "AWS_REGION"), calls: settings.awsCalls });
  return { mailer, log, settings, db };
}

function required(env: Record<string, string | undefined>, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set for this function.`);
  return value;
}
