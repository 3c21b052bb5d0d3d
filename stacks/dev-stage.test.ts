import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synthesize } from "../scripts/synth";

/*
 * A disposable stage, configured with every optional setting, synthesized without building the
 * functions (the bundles are stacks.test.ts's subject): what differs from prod, and what the
 * configuration turns on.
 */

const STAGE = "dev";
const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
const CONFIGURATION = {
  ROSTER_MAIL_FROM: "Roster <team@example.org>",
  ROSTER_SES_IDENTITY: "example.org",
  ROSTER_DOMAIN: "roster.example.org",
  ROSTER_CERTIFICATE_ARN: CERTIFICATE,
  ROSTER_ALARM_EMAIL: "ops@example.org",
  ROSTER_SETUP_TTL_HOURS: "24",
  ROSTER_EXPIRY_INTERVAL_SECONDS: "900",
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const templates: Record<string, { Resources: Record<string, Json>; Outputs?: Record<string, Json> }> = {};
let outdir: string;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  // Only what this file sets: nothing from the shell (a local ROSTER_PUBLIC_URL) or a .env file.
  for (const name of Object.keys(process.env)) {
    if (!name.startsWith("ROSTER_")) continue;
    saved[name] = process.env[name];
    delete process.env[name];
  }
  for (const [name, value] of Object.entries(CONFIGURATION)) {
    if (!(name in saved)) saved[name] = process.env[name];
    process.env[name] = value;
  }
  outdir = await mkdtemp(join(tmpdir(), "roster-dev-stage-"));
  await synthesize({ stage: STAGE, outdir, bundle: false, envFiles: false });
  for (const name of ["Monitoring", "Storage", "Email", "Api", "Events", "Jobs"]) {
    templates[name] = JSON.parse(await readFile(join(outdir, `${STAGE}-roster-${name}.template.json`), "utf8"));
  }
}, 300_000);

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

const resources = (stack: string, type: string) => Object.entries(templates[stack]!.Resources).filter(([, resource]) => resource.Type === type);

describe("a disposable stage", () => {
  it("deletes its table with the stage: no deletion protection, no Retain", () => {
    const [[, table]] = resources("Storage", "AWS::DynamoDB::Table") as [[string, Json]];
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
    expect(table.DeletionPolicy).toBe("Delete");
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it("removes everything else with the stage too, and keeps function logs a week", () => {
    for (const template of Object.values(templates)) {
      for (const resource of Object.values(template.Resources)) {
        if (resource.DeletionPolicy) expect(resource.DeletionPolicy, resource.Type).toBe("Delete");
      }
    }
    const functionLogGroups = ["Api", "Events", "Jobs"].flatMap((stack) =>
      resources(stack, "AWS::Lambda::Function").map(([, fn]) => templates[stack]!.Resources[fn.Properties.LoggingConfig.LogGroup.Ref]),
    );
    expect(functionLogGroups.length).toBeGreaterThanOrEqual(3);
    for (const group of functionLogGroups) expect(group.Properties.RetentionInDays).toBe(7);
  });
});

describe("the deploy configuration", () => {
  it("verifies the sender's domain and outputs its DKIM records", () => {
    expect(resources("Email", "AWS::SES::EmailIdentity").map(([, identity]) => identity.Properties.EmailIdentity)).toEqual(["example.org"]);
    expect(Object.keys(templates.Email!.Outputs ?? {})).toEqual(expect.arrayContaining(["DkimCname1", "DkimCname2", "DkimCname3"]));
  });

  it("serves the API on the custom domain only, and links to it", () => {
    const [[, domain]] = resources("Api", "AWS::ApiGatewayV2::DomainName") as [[string, Json]];
    expect(domain.Properties).toMatchObject({ DomainName: "roster.example.org", DomainNameConfigurations: [{ CertificateArn: CERTIFICATE, EndpointType: "REGIONAL" }] });
    expect(resources("Api", "AWS::ApiGatewayV2::ApiMapping")).toHaveLength(1);
    expect(resources("Api", "AWS::ApiGatewayV2::Api")[0]![1].Properties.DisableExecuteApiEndpoint).toBe(true);
    const urls = ["Api", "Events", "Jobs"].flatMap((stack) =>
      resources(stack, "AWS::Lambda::Function").flatMap(([, fn]) => fn.Properties.Environment.Variables.ROSTER_PUBLIC_URL ?? []),
    );
    // The api, notify and (when it exists) the expiry job: the links they write name the domain.
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const url of urls) expect(url).toBe("https://roster.example.org");
    expect(templates.Api!.Outputs!.CustomDomainTarget).toBeDefined();
  });

  it("forwards the core settings it was given to the functions that read settings", () => {
    const api = resources("Api", "AWS::Lambda::Function")[0]![1];
    expect(api.Properties.Environment.Variables).toMatchObject({ ROSTER_SETUP_TTL_HOURS: "24", ROSTER_MAIL_FROM: "Roster <team@example.org>" });
  });

  it("subscribes the alarm address to the alarm topic", () => {
    expect(resources("Monitoring", "AWS::SNS::Subscription").map(([, subscription]) => subscription.Properties)).toEqual([
      expect.objectContaining({ Protocol: "email", Endpoint: "ops@example.org" }),
    ]);
  });

  it("runs the expiry job as often as ROSTER_EXPIRY_INTERVAL_SECONDS says, in whole minutes", () => {
    const schedules = resources("Jobs", "AWS::Events::Rule").map(([, rule]) => rule.Properties.ScheduleExpression);
    if (schedules.length > 0) expect(schedules).toEqual(["rate(15 minutes)"]);
  });
});
