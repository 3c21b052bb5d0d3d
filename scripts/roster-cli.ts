/**
 * `npx roster owner --stage NAME --email ADDRESS [--region REGION]`: creates the owner of a deployed
 * stage, with your AWS credentials, and prints the owner's setup link. While the owner has not
 * completed setup, running it again issues a fresh link (the previous one stops working). Once the
 * owner is active it refuses: from then on, admins invite people through Roster itself.
 */
import { GetParameterCommand, ParameterNotFound, SSMClient } from "@aws-sdk/client-ssm";
import { createDb, readSettings, silentLogger, systemClock, Workspace, type Deps } from "@roster/core";
import { parseArgs } from "node:util";
import { quietNodeVersionWarning } from "../packages/local/src/quiet-node-version-warning";
import { deploymentParameterName, type DeploymentRecord } from "../stacks/config";

const USAGE = "usage: npx roster owner --stage NAME --email ADDRESS [--region REGION]";

export class CliError extends Error {
  override readonly name = "CliError";
}

/** A port the owner command has no use for: any use is a bug, not a silent no-op. */
function unused<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: () => {
      throw new Error(`The owner command does not use ${name}.`);
    },
  });
}

export type OwnerCommandOptions = { stage: string; email: string; region?: string };

/** What the stage recorded at deploy time, from SSM Parameter Store. */
export async function readDeployment(ssm: Pick<SSMClient, "send">, stage: string): Promise<DeploymentRecord> {
  const name = deploymentParameterName(stage);
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name }));
    return JSON.parse(Parameter?.Value ?? "") as DeploymentRecord;
  } catch (error) {
    if (error instanceof ParameterNotFound) {
      throw new CliError(`stage "${stage}" is not deployed in this account and region (no ${name}): deploy it first, or pass --region`);
    }
    throw error;
  }
}

export async function ownerCommand(options: OwnerCommandOptions, ssm = new SSMClient({ region: options.region })): Promise<string[]> {
  const deployment = await readDeployment(ssm, options.stage);
  const region = await ssm.config.region();
  const deps: Deps = {
    db: createDb({ table: deployment.tableName, region }),
    clock: systemClock,
    // The same settings the stage's functions run with, so the link and its lifetime match theirs.
    settings: readSettings({ ...deployment.settings, ROSTER_PUBLIC_URL: deployment.publicUrl, ROSTER_MAIL_FROM: deployment.mailFrom }),
    log: silentLogger,
    mailer: unused("a mailer"),
    passwords: unused("password hashing"),
    secretBox: unused("the TOTP key"),
    signingKey: unused("the signing key"),
  };
  const owner = await Workspace.ensureOwner(deps, options.email);
  if (owner.state === "active") {
    throw new CliError(`stage "${options.stage}" already has an active owner (${owner.email}): invite people from Roster instead`);
  }
  return [
    `Owner setup link: ${owner.setupUrl}`,
    `  (for ${owner.email}; valid until ${owner.setupExpiresAt}; running this again replaces it until setup is done)`,
    ...(owner.email.toLowerCase() !== options.email.toLowerCase() ? [`  Note: the stage's owner is ${owner.email}, invited earlier; --email was not used.`] : []),
  ];
}

export function parseOwnerArgs(args: string[]): OwnerCommandOptions {
  const [command, ...rest] = args;
  if (command !== "owner") throw new CliError(USAGE);
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: { stage: { type: "string" }, email: { type: "string" }, region: { type: "string" } }, strict: true }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  if (!values.stage || !values.email) throw new CliError(USAGE);
  if (!/^[^@\s]+@[^@\s]+$/.test(values.email)) throw new CliError(`not an email address: ${values.email}`);
  return { stage: values.stage, email: values.email, region: values.region };
}

export async function main(args: string[], ssm?: SSMClient): Promise<number> {
  quietNodeVersionWarning();
  try {
    const options = parseOwnerArgs(args);
    const lines = await ownerCommand(options, ssm ?? new SSMClient({ region: options.region }));
    for (const line of lines) console.log(line);
    return 0;
  } catch (error) {
    // One line a person can act on: a refusal, a missing stage, no credentials, access denied.
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    console.error(`roster: ${error instanceof CliError ? error.message : message}`);
    if (process.env.ROSTER_DEBUG && !(error instanceof CliError)) console.error(error);
    return 1;
  }
}
