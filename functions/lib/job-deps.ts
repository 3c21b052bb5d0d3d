import { createDb, readSettings, systemClock, type Logger, type Membership } from "@roster/core";

/**
 * The ports of the expiry job, built once per cold start from its environment: the table, the
 * settings (the warning window), the clock and the log. It mails nothing itself (its warning is an
 * audit event that notify mails) and signs nothing, so it is given neither mailer nor keys.
 */
export function jobDeps(env: Record<string, string | undefined>, log: Logger): Membership.ExpiryDeps {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set for this function.`);
    return value;
  };
  const settings = readSettings(env);
  return {
    // A run that meets a stalled table fails within the budget; the next scheduled run does its work.
    db: createDb({ table: required("ROSTER_TABLE_NAME"), region: required("AWS_REGION"), calls: settings.awsCalls }),
    clock: systemClock,
    settings,
    log,
  };
}
