import { resolve } from "node:path";
import { z } from "zod";
import { LocalRuntimeError } from "./local-runtime-error";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const LocalEnv = z.object({
  PORT: port(3000),
  ROSTER_DYNAMODB_PORT: port(8000),
  ROSTER_SES_PORT: port(8005),
  ROSTER_DATA_DIR: z.string().min(1).default(".roster"),
  ROSTER_OWNER_EMAIL: z.email().default("owner@example.com"),
  ROSTER_TABLE_NAME: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/).default("roster"),
  ROSTER_PUBLIC_URL: z.url().optional(),
});

export type LocalConfig = {
  port: number;
  dynamoPort: number;
  sesPort: number;
  dataDir: string;
  ownerEmail: string;
  table: string;
  /** The variables core's settings are read from, with the local defaults filled in. */
  env: Record<string, string | undefined>;
};

/** The local runtime's own settings; core's settings are read from the same variables later. */
export function readLocalConfig(env: Record<string, string | undefined>): LocalConfig {
  const parsed = LocalEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LocalRuntimeError(`${String(issue.path[0])} is not valid: ${issue.message}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    dynamoPort: c.ROSTER_DYNAMODB_PORT,
    sesPort: c.ROSTER_SES_PORT,
    dataDir: resolve(c.ROSTER_DATA_DIR),
    ownerEmail: c.ROSTER_OWNER_EMAIL,
    table: c.ROSTER_TABLE_NAME,
    env: {
      ...env,
      ROSTER_PUBLIC_URL: c.ROSTER_PUBLIC_URL ?? `http://127.0.0.1:${c.PORT}`,
      // A backend on this machine may serve its JWKS over loopback http; a deployment never allows it.
      ROSTER_ALLOW_LOOPBACK_FETCH: env.ROSTER_ALLOW_LOOPBACK_FETCH ?? "on",
    },
  };
}
