import { ParameterNotFound, type GetParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createHarness, type Harness } from "../test/harness";
import { CliError, main, ownerCommand, parseOwnerArgs } from "../scripts/roster-cli";
import { deploymentParameterName, type DeploymentRecord } from "./config";
import { dynamoEndpoint } from "../test/dynamo-endpoint";

/*
 * `npx roster owner` against a stage as the stacks leave it: the deployment record the Api stack
 * writes to SSM (here a stand-in for Parameter Store holding exactly that record) and the stage's
 * table (DynamoDB Local, reached with the CLI's own client through the SDK's endpoint variable).
 */

const STAGE = "prod";
const PUBLIC_URL = "https://roster.example.com";

let h: Harness;
let record: DeploymentRecord;
const saved: Record<string, string | undefined> = {};

/** Parameter Store with the stage's deployment record (or without it). */
function parameterStore(parameters: Record<string, string>) {
  return {
    config: { region: async () => "us-east-1" },
    send: async (command: GetParameterCommand) => {
      const name = command.input.Name!;
      if (!(name in parameters)) throw new ParameterNotFound({ message: `${name} not found`, $metadata: {} });
      return { Parameter: { Name: name, Value: parameters[name], Type: "String" } };
    },
  } as unknown as SSMClient;
}

beforeAll(async () => {
  h = await createHarness();
  record = { tableName: h.table, publicUrl: PUBLIC_URL, mailFrom: "Roster <no-reply@example.com>", settings: { ROSTER_SETUP_TTL_HOURS: "48" } };
  const env = { AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint(), AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" };
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const stage = () => parameterStore({ [deploymentParameterName(STAGE)]: JSON.stringify(record) });
const tokenOf = (line: string) => line.split("#token=")[1]!;

describe("npx roster owner", () => {
  let firstLink: string;

  it("creates the owner in the stage's table and prints a setup link on the stage's URL, valid as the stage's settings say", async () => {
    const started = Date.now();
    const lines = await ownerCommand({ stage: STAGE, email: "Owner@Example.com" }, stage());
    expect(lines[0]).toMatch(new RegExp(`^Owner setup link: ${PUBLIC_URL}/setup#token=`));
    firstLink = lines[0]!.slice("Owner setup link: ".length);
    const validUntil = Date.parse(/valid until (\S+);/.exec(lines[1]!)![1]!);
    expect(validUntil - started).toBeGreaterThan(47 * 3600_000);
    expect(validUntil - started).toBeLessThan(49 * 3600_000);
    const invited = (await h.auditEvents()).filter((event) => event.type === "USER_INVITED");
    expect(invited).toHaveLength(1);
    expect(invited[0].actor).toMatchObject({ type: "system" });
  });

  it("replaces the link while the owner has not completed setup", async () => {
    const lines = await ownerCommand({ stage: STAGE, email: "owner@example.com" }, stage());
    const secondLink = lines[0]!.slice("Owner setup link: ".length);
    expect(secondLink).not.toBe(firstLink);
    expect((await h.call("POST", "/v1/setup/lookup", { body: { token: tokenOf(firstLink) } })).status).toBeGreaterThanOrEqual(400);
    expect((await h.call("POST", "/v1/setup/lookup", { body: { token: tokenOf(secondLink) } })).status).toBe(200);
    await h.completeSetup(secondLink, "Owner");
  });

  it("refuses with one line and a failure status once the owner is active", async () => {
    await expect(ownerCommand({ stage: STAGE, email: "owner@example.com" }, stage())).rejects.toThrow(CliError);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const logs = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect(await main(["owner", "--stage", STAGE, "--email", "owner@example.com"], stage())).toBe(1);
      expect(errors.mock.calls, JSON.stringify(errors.mock.calls)).toEqual([[`roster: stage "${STAGE}" already has an active owner (Owner@Example.com): invite people from Roster instead`]]);
      expect(logs).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
      logs.mockRestore();
    }
  });

  it("says so when the stage is not deployed", async () => {
    await expect(ownerCommand({ stage: "nope", email: "owner@example.com" }, parameterStore({}))).rejects.toThrow(
      `stage "nope" is not deployed in this account and region (no ${deploymentParameterName("nope")}): deploy it first, or pass --region`,
    );
  });

  it("reads its arguments strictly", () => {
    expect(parseOwnerArgs(["owner", "--stage", "prod", "--email", "a@example.com", "--region", "eu-west-1"])).toEqual({ stage: "prod", email: "a@example.com", region: "eu-west-1" });
    expect(() => parseOwnerArgs(["owner", "--stage", "prod"])).toThrow(/usage: npx roster owner/);
    expect(() => parseOwnerArgs(["users"])).toThrow(/usage/);
    expect(() => parseOwnerArgs(["owner", "--stage", "prod", "--email", "nope"])).toThrow(/not an email address/);
    expect(() => parseOwnerArgs(["owner", "--stage", "prod", "--email", "a@example.com", "--force"])).toThrow(/usage/);
  });
});
