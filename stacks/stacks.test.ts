import { Template } from "aws-cdk-lib/assertions";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { randomUUID } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { init as initModuleLexer, parse as parseModule } from "es-module-lexer";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AUDIT_ENTITY } from "../packages/core/src/store/audit";
import { GLOBAL_INDEXES, TABLE_KEY, TTL_ATTRIBUTE } from "../packages/core/src/store/table-definition";
import { BUS_RULES, NOTIFY_RULE } from "../packages/core/src/events/rules";
import { generateSigningKeyJwk } from "../packages/core/src/tokens/access-token";
import { Workspace } from "../packages/core/src";
import { streamRecord } from "../test/fakes/stream-record";
import { createHarness, GOOD_PASSWORD, type Harness } from "../test/harness";
import { stepOf, totpAt } from "../test/totp";
import { REPOSITORY_ROOT, synthesize } from "../scripts/synth";
import { resolveScalarBundle } from "../packages/http/src/pages/scalar-bundle-file";
import { ACCESS_LOG_FIELDS, API_THROTTLE } from "./api";
import { carryHostNatives, httpEvent, runInvoker, writeInvoker } from "./bundle-run";
import { ARCHIVE_RETENTION_DAYS } from "./events";
import { ESM_REQUIRE_BANNER, POWERTOOLS_LOG_LEVEL } from "./function";
import { EXPIRE_MEMBERSHIPS_HANDLER, ITERATOR_AGE_ALARM_MS, STREAM_SOURCE } from "./jobs";
import { AUDIT_DENIED_ACTIONS, AUDIT_PARTITIONS } from "./table-access";
import { dynamoEndpoint } from "../test/dynamo-endpoint";

/*
 * The stacks of a protected stage ("prod"), synthesized once for this file the way `npm run synth`
 * does it: offline, functions bundled for the Lambda. Templates are read as CloudFormation sees them.
 */

const STAGE = "prod";
const STACKS = ["Monitoring", "Storage", "Email", "Api", "Events", "Jobs"] as const;
type StackName = (typeof STACKS)[number];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Resource = { Type: string; Properties: Json; DeletionPolicy?: string; UpdateReplacePolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: Json; Condition?: Json; Sid?: string };

const MB = 1024 * 1024;
/**
 * What a cold start may parse, for every function: the handler and the chunks it imports
 * statically. The api's bundle is split at its dynamic imports, so the password dictionaries
 * (1.6 MB), the QR code drawer and the mail client load with the request that first needs them.
 */
const COLD_START_BUDGET = 1 * MB;
const expireJobExists = [".ts", ".js"].some((ext) => existsSync(join(REPOSITORY_ROOT, EXPIRE_MEMBERSHIPS_HANDLER + ext)));

let outdir: string;
let synthSeconds: number;
const raw = {} as Record<StackName, { Resources: Record<string, Resource>; Outputs?: Json }>;
const templates = {} as Record<StackName, Template>;
/** Every CloudFormation export of the app, by name, with the stack exporting it. */
const exportsByName = new Map<string, { stack: StackName; value: Json }>();

const shellSettings = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith("ROSTER_")));

beforeAll(async () => {
  // Only what this file sets: nothing from the shell (a local ROSTER_PUBLIC_URL) or a .env file.
  for (const name of Object.keys(shellSettings)) delete process.env[name];
  outdir = await mkdtemp(join(tmpdir(), "roster-stacks-"));
  const started = performance.now();
  await synthesize({ stage: STAGE, outdir, envFiles: false });
  synthSeconds = (performance.now() - started) / 1000;
  for (const name of STACKS) {
    raw[name] = JSON.parse(await readFile(join(outdir, `${STAGE}-roster-${name}.template.json`), "utf8"));
    templates[name] = Template.fromJSON(raw[name]);
    for (const output of Object.values(raw[name].Outputs ?? {}) as Json[]) {
      if (output.Export?.Name) exportsByName.set(output.Export.Name, { stack: name, value: output.Value });
    }
  }
}, 600_000);

afterAll(async () => {
  Object.assign(process.env, shellSettings);
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

/** Replaces each Fn::ImportValue with what the exporting stack exports, tagged with that stack. */
function resolveImports(value: Json): Json {
  if (Array.isArray(value)) return value.map(resolveImports);
  if (value && typeof value === "object") {
    if (typeof value["Fn::ImportValue"] === "string") {
      const exported = exportsByName.get(value["Fn::ImportValue"]);
      if (!exported) throw new Error(`No stack exports ${value["Fn::ImportValue"]}`);
      return { stack: exported.stack, ...resolveImports(exported.value) };
    }
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolveImports(inner)]));
  }
  return value;
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const resourcesOf = (stack: StackName, type: string) => Object.entries(raw[stack].Resources).filter(([, resource]) => resource.Type === type);
const onlyResource = (stack: StackName, type: string) => {
  const found = resourcesOf(stack, type);
  expect(found, `${type} in ${stack}`).toHaveLength(1);
  return found[0]!;
};

const tableId = () => onlyResource("Storage", "AWS::DynamoDB::Table")[0];
const tableArn = () => ({ stack: "Storage", "Fn::GetAtt": [tableId(), "Arn"] });
const tableStreamArn = () => ({ stack: "Storage", "Fn::GetAtt": [tableId(), "StreamArn"] });
const tableArnPlus = (suffix: string) => ({ "Fn::Join": ["", [tableArn(), suffix]] });

type LambdaFunction = { stack: StackName; id: string; resource: Resource; service: string; statements: Statement[]; role: Resource };

/** Roster's functions, by POWERTOOLS_SERVICE_NAME, with their roles' statements (imports resolved). */
function functions(): Map<string, LambdaFunction> {
  const found = new Map<string, LambdaFunction>();
  for (const stack of STACKS) {
    for (const [id, resource] of resourcesOf(stack, "AWS::Lambda::Function")) {
      const service = resource.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
      const roleId = resource.Properties.Role["Fn::GetAtt"][0];
      const policies = resourcesOf(stack, "AWS::IAM::Policy").filter(([, policy]) => policy.Properties.Roles.some((role: Json) => role.Ref === roleId));
      const statements = policies.flatMap(([, policy]) => resolveImports(policy.Properties.PolicyDocument.Statement) as Statement[]);
      found.set(service, { stack, id, resource, service, statements, role: raw[stack].Resources[roleId]! });
    }
  }
  return found;
}
const fn = (service: string) => {
  const found = functions().get(service);
  if (!found) throw new Error(`No function ${service}`);
  return found;
};
const SERVICES = ["roster-api", "roster-notify", "roster-publish-audit", ...(expireJobExists ? ["roster-expire-memberships"] : [])];

describe("the synth", () => {
  it("writes every stack's template offline, in reasonable time", async () => {
    const files = (await readdir(outdir)).filter((file) => file.endsWith(".template.json")).sort();
    expect(files).toEqual(STACKS.map((name) => `${STAGE}-roster-${name}.template.json`).sort());
    console.info(`synth of ${STACKS.length} stacks with bundling: ${synthSeconds.toFixed(1)} s`);
    expect(synthSeconds).toBeLessThan(240);
  });

  it("deploys only Roster's functions: SST's unused custom-resource Lambda is gone and nothing refers to it", () => {
    expect([...functions().keys()].sort()).toEqual([...SERVICES].sort());
    for (const stack of STACKS) expect(JSON.stringify(raw[stack])).not.toContain("CustomResourceHandler");
  });
});

describe("Storage", () => {
  it("is the one table of core's table definition", () => {
    const [, table] = onlyResource("Storage", "AWS::DynamoDB::Table");
    const p = table.Properties;
    expect(p.KeySchema).toEqual([
      { AttributeName: TABLE_KEY.partitionKey, KeyType: "HASH" },
      { AttributeName: TABLE_KEY.sortKey, KeyType: "RANGE" },
    ]);
    expect(p.GlobalSecondaryIndexes).toEqual(
      GLOBAL_INDEXES.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
    );
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(p.StreamSpecification).toEqual({ StreamViewType: "NEW_IMAGE" });
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.BillingMode).toBe("PAY_PER_REQUEST");
  });

  it("outlives its stage on prod: deletion protection and Retain", () => {
    const [, table] = onlyResource("Storage", "AWS::DynamoDB::Table");
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe("Retain");
    expect(table.UpdateReplacePolicy).toBe("Retain");
  });
});

describe("Email", () => {
  it("verifies the sender from the configuration and sends through a configuration set", () => {
    const [setId, set] = onlyResource("Email", "AWS::SES::ConfigurationSet");
    expect(set.Properties).toMatchObject({
      Name: `${STAGE}-roster-mail`,
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
    });
    templates.Email.hasResourceProperties("AWS::SES::EmailIdentity", {
      EmailIdentity: "no-reply@example.com",
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: setId } },
    });
  });
});

describe("Events", () => {
  it("has the bus and an archive of every event on it for replay", () => {
    const [busId] = onlyResource("Events", "AWS::Events::EventBus");
    templates.Events.hasResourceProperties("AWS::Events::Archive", {
      SourceArn: { "Fn::GetAtt": [busId, "Arn"] },
      EventPattern: { account: ["123456789012"] },
      RetentionDays: ARCHIVE_RETENTION_DAYS,
    });
  });

  it("turns each of core's BUS_RULES into a rule on the bus with exactly its pattern", () => {
    const [busId] = onlyResource("Events", "AWS::Events::EventBus");
    const rules = resourcesOf("Events", "AWS::Events::Rule");
    expect(rules).toHaveLength(BUS_RULES.length);
    for (const rule of BUS_RULES) {
      const match = rules.find(([, resource]) => resource.Properties.Name === `${STAGE}-roster-${rule.name}`);
      expect(match, rule.name).toBeDefined();
      expect(match![1].Properties.EventBusName).toEqual({ Ref: busId });
      expect(match![1].Properties.EventPattern).toEqual(rule.pattern);
    }
  });

  it("delivers the notify rule to the notify function, with retries and a dead-letter queue", () => {
    const notify = fn("roster-notify");
    const [queueId] = resourcesOf("Events", "AWS::SQS::Queue").find(([, queue]) => queue.Properties.QueueName === `${STAGE}-roster-notify-dlq`)!;
    const [, rule] = resourcesOf("Events", "AWS::Events::Rule").find(([, resource]) => resource.Properties.Name === `${STAGE}-roster-${NOTIFY_RULE.name}`)!;
    expect(rule.Properties.Targets).toEqual([
      {
        Arn: { "Fn::GetAtt": [notify.id, "Arn"] },
        Id: "Target0",
        DeadLetterConfig: { Arn: { "Fn::GetAtt": [queueId, "Arn"] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 8 },
      },
    ]);
    // A mail SES refuses makes the function throw: Lambda retries twice, then the event goes to the queue.
    templates.Events.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: notify.id },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queueId, "Arn"] } } },
    });
  });
});

describe("Api", () => {
  it("is an HTTP API with one catch-all route to the api function", () => {
    const api = fn("roster-api");
    const [apiId] = onlyResource("Api", "AWS::ApiGatewayV2::Api");
    const [, route] = onlyResource("Api", "AWS::ApiGatewayV2::Route");
    expect(route.Properties).toMatchObject({ ApiId: { Ref: apiId }, RouteKey: "$default", AuthorizationType: "NONE" });
    const [integrationId, integration] = onlyResource("Api", "AWS::ApiGatewayV2::Integration");
    expect(route.Properties.Target).toEqual({ "Fn::Join": ["", ["integrations/", { Ref: integrationId }]] });
    expect(integration.Properties).toMatchObject({ IntegrationType: "AWS_PROXY", PayloadFormatVersion: "2.0", IntegrationUri: { "Fn::GetAtt": [api.id, "Arn"] } });
  });

  it("throttles the default route and logs each request without tokens", () => {
    const [, stage] = onlyResource("Api", "AWS::ApiGatewayV2::Stage");
    expect(stage.Properties.StageName).toBe("$default");
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: API_THROTTLE.burst, ThrottlingRateLimit: API_THROTTLE.rate });
    const format = stage.Properties.AccessLogSettings.Format as string;
    expect(JSON.parse(format)).toEqual(ACCESS_LOG_FIELDS);
    for (const value of Object.values(JSON.parse(format) as Record<string, string>)) expect(value).toMatch(/^\$context\.[a-zA-Z.]+$/);
    expect(format.toLowerCase()).not.toMatch(/authorization|header|querystring|\$request|authorizer|cookie/);
    const [logGroupId] = resourcesOf("Api", "AWS::Logs::LogGroup").find(([, group]) => String(JSON.stringify(group.Properties.LogGroupName)).includes("/aws/vendedlogs/apis"))!;
    expect(stage.Properties.AccessLogSettings.DestinationArn).toEqual({ "Fn::GetAtt": [logGroupId, "Arn"] });
  });

  it("gives the api function its settings, and its keys only as SST secret placeholders", () => {
    const env = fn("roster-api").resource.Properties.Environment.Variables;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining(["ROSTER_TABLE_NAME", "ROSTER_PUBLIC_URL", "ROSTER_MAIL_FROM", "ROSTER_SES_CONFIGURATION_SET", "SST_SSM_PREFIX", "SST_APP", "SST_STAGE"]),
    );
    expect(resolveImports(env.ROSTER_TABLE_NAME)).toEqual({ stack: "Storage", Ref: tableId() });
    expect(env.SST_Secret_value_ROSTER_TOKEN_SIGNING_KEY).toBe("__FETCH_FROM_SSM__");
    expect(env.SST_Secret_value_ROSTER_TOTP_ENCRYPTION_KEY).toBe("__FETCH_FROM_SSM__");
    expect(env.ROSTER_TOKEN_SIGNING_KEY).toBeUndefined();
    expect(env.ROSTER_TOTP_ENCRYPTION_KEY).toBeUndefined();
    // Server-Timing's round-trip count is a side channel on auth routes: off in a deployed stage.
    expect(env.ROSTER_SERVER_TIMING).toBe("off");
  });

  it("records where the stage's data is, for the owner command", () => {
    templates.Api.hasResourceProperties("AWS::SSM::Parameter", { Name: `/sst/roster/${STAGE}/roster/deployment`, Type: "String" });
  });
});

describe("Jobs", () => {
  it("feeds the table's stream to publish-audit: batches, bisection, partial failures, retries, a dead-letter queue", () => {
    const publish = fn("roster-publish-audit");
    const [, mapping] = onlyResource("Jobs", "AWS::Lambda::EventSourceMapping");
    const [queueId] = resourcesOf("Jobs", "AWS::SQS::Queue").find(([, queue]) => queue.Properties.QueueName === `${STAGE}-roster-publish-audit-dlq`)!;
    const p = resolveImports(mapping.Properties);
    expect(p).toMatchObject({
      EventSourceArn: tableStreamArn(),
      FunctionName: { Ref: publish.id },
      StartingPosition: "TRIM_HORIZON",
      BatchSize: STREAM_SOURCE.batchSize,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      MaximumRetryAttempts: STREAM_SOURCE.retryAttempts,
      MaximumRecordAgeInSeconds: STREAM_SOURCE.maxRecordAgeHours * 3600,
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queueId, "Arn"] } } },
    });
    expect(p.FilterCriteria.Filters.map((filter: Json) => JSON.parse(filter.Pattern))).toEqual([
      { eventName: ["INSERT"], dynamodb: { NewImage: { entity: { S: [AUDIT_ENTITY] } } } },
    ]);
  });

  it(expireJobExists ? "runs the expiry job on its schedule" : "has no expiry schedule while its handler does not exist", () => {
    const schedules = resourcesOf("Jobs", "AWS::Events::Rule");
    if (!expireJobExists) {
      expect(schedules).toEqual([]);
      return;
    }
    const expire = fn("roster-expire-memberships");
    expect(schedules).toHaveLength(1);
    expect(schedules[0]![1].Properties).toMatchObject({
      ScheduleExpression: "rate(5 minutes)",
      State: "ENABLED",
      Targets: [{ Arn: { "Fn::GetAtt": [expire.id, "Arn"] }, RetryPolicy: { MaximumRetryAttempts: 0 } }],
    });
  });
});

describe("every function", () => {
  it.each(SERVICES)("%s: Node.js 22 on arm64, ESM handler, no X-Ray, its own log group, Powertools settings", (service) => {
    const { resource, stack } = fn(service);
    const p = resource.Properties;
    expect(p.Runtime).toBe("nodejs22.x");
    expect(p.Architectures).toEqual(["arm64"]);
    expect(p.Handler).toMatch(/^functions\/[a-z-]+\.handler$/);
    expect(p.TracingConfig?.Mode ?? "PassThrough").not.toBe("Active");
    const logGroupId = p.LoggingConfig.LogGroup.Ref;
    expect(raw[stack].Resources[logGroupId]!.Properties.RetentionInDays).toBe(90);
    expect(p.Environment.Variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: service, POWERTOOLS_LOG_LEVEL });
  });

  it.each(SERVICES)("%s: a role of its own, no managed policies, no `*` resource, no wildcard action", (service) => {
    const { statements, role } = fn(service);
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" } },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toBeUndefined();
    for (const statement of statements) {
      for (const resource of list(statement.Resource)) expect(resource, JSON.stringify(statement)).not.toBe("*");
      for (const action of list(statement.Action)) expect(action, JSON.stringify(statement)).not.toMatch(/(^|:)\*$/);
    }
  });

  it.each(SERVICES)("%s: denies changing or deleting audit items", (service) => {
    const denies = fn(service).statements.filter((statement) => statement.Effect === "Deny");
    expect(denies).toEqual([
      {
        Sid: "AuditItemsAreAppendOnly",
        Effect: "Deny",
        Action: AUDIT_DENIED_ACTIONS,
        Resource: tableArn(),
        Condition: { "ForAnyValue:StringEquals": { "dynamodb:LeadingKeys": [...AUDIT_PARTITIONS] } },
      },
    ]);
    expect(AUDIT_PARTITIONS).toEqual(["AUDIT#0", "AUDIT#1", "AUDIT#2", "AUDIT#3"]);
    expect(AUDIT_DENIED_ACTIONS).toEqual(expect.arrayContaining(["dynamodb:UpdateItem", "dynamodb:DeleteItem"]));
  });

  /** Each function's allowed actions, and on what: exactly these, so a new grant is a deliberate change. */
  const ownLogs = (service: string) => ({ "Fn::GetAtt": [fn(service).resource.Properties.LoggingConfig.LogGroup.Ref, "Arn"] });
  const tableItems = () => ({ actions: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], resources: [tableArn()] });
  const tableQueries = () => ({ actions: ["dynamodb:Query"], resources: [tableArn(), ...GLOBAL_INDEXES.map((index) => tableArnPlus(`/index/${index.name}`))] });
  const sendMail = () => ({ actions: ["ses:SendEmail"], resourcesMatch: [/:identity\//, /:configuration-set\//] });
  const queue = (name: string) => ({ actions: ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"], queue: name });
  type Grant = { actions: string[]; resources?: Json[]; resourcesMatch?: RegExp[]; queue?: string };
  const expected = (): Record<string, Grant[]> => ({
    "roster-api": [
      { actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [ownLogs("roster-api")] },
      { actions: ["ssm:GetParameters"], resourcesMatch: [/parameter\/sst\/roster\/prod\/Secret\/ROSTER_TOKEN_SIGNING_KEY\/value/, /parameter\/sst\/roster\/\.fallback\/Secret\/ROSTER_TOKEN_SIGNING_KEY\/value/] },
      { actions: ["ssm:GetParameters"], resourcesMatch: [/parameter\/sst\/roster\/prod\/Secret\/ROSTER_TOTP_ENCRYPTION_KEY\/value/, /parameter\/sst\/roster\/\.fallback\/Secret\/ROSTER_TOTP_ENCRYPTION_KEY\/value/] },
      tableItems(),
      tableQueries(),
      sendMail(),
    ],
    "roster-notify": [
      { actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [ownLogs("roster-notify")] },
      // The active SUPER_ADMINs a break-glass notice goes to, and nothing else of the table.
      { actions: ["dynamodb:Query"], resources: [tableArnPlus("/index/gsi4")] },
      sendMail(),
      queue("notify-dlq"),
    ],
    "roster-publish-audit": [
      { actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [ownLogs("roster-publish-audit")] },
      { actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], resources: [tableStreamArn()] },
      { actions: ["dynamodb:ListStreams"], resources: [tableArnPlus("/stream/*")] },
      { actions: ["events:PutEvents"], resourcesMatch: [/EventBus/] },
      queue("publish-audit-dlq"),
    ],
    "roster-expire-memberships": [{ actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [ownLogs("roster-expire-memberships")] }, tableItems(), tableQueries()],
  });

  it.each(SERVICES)("%s: allows only what it uses, on its own resources", (service) => {
    const { statements, stack } = fn(service);
    const allows = statements.filter((statement) => statement.Effect === "Allow");
    const grants = expected()[service]!;
    expect(allows).toHaveLength(grants.length);
    grants.forEach((grant, n) => {
      const statement = allows[n]!;
      expect(list(statement.Action), `${service} statement ${n}`).toEqual(grant.actions);
      const resources = list(statement.Resource);
      if (grant.resources) expect(resources).toEqual(grant.resources);
      if (grant.resourcesMatch) {
        expect(resources).toHaveLength(grant.resourcesMatch.length);
        grant.resourcesMatch.forEach((pattern, i) => expect(JSON.stringify(resources[i])).toMatch(pattern));
      }
      if (grant.queue) {
        const [queueId] = resourcesOf(stack, "AWS::SQS::Queue").find(([, q]) => q.Properties.QueueName === `${STAGE}-roster-${grant.queue}`)!;
        expect(resources).toEqual([{ "Fn::GetAtt": [queueId, "Arn"] }]);
      }
    });
  });
});

describe("alarms", () => {
  const alarms = () => STACKS.flatMap((stack) => resourcesOf(stack, "AWS::CloudWatch::Alarm").map(([, alarm]) => resolveImports(alarm.Properties)));
  const alarm = (name: string) => {
    const found = alarms().find((properties) => properties.AlarmName.endsWith(`-${name}`));
    if (!found) throw new Error(`No alarm ${name}`);
    return found;
  };

  it("notify the alarm topic", () => {
    const [topicId] = onlyResource("Monitoring", "AWS::SNS::Topic");
    expect(alarms().length).toBeGreaterThanOrEqual(8);
    for (const properties of alarms()) expect(properties.AlarmActions).toEqual([{ stack: "Monitoring", Ref: topicId }]);
  });

  it("watch the api's 5xx, errors and throttles", () => {
    expect(alarm("Api5xx")).toMatchObject({ Namespace: "AWS/ApiGateway", MetricName: "5xx", Statistic: "Sum", Threshold: 5 });
    expect(alarm("ApiErrors")).toMatchObject({ Namespace: "AWS/Lambda", MetricName: "Errors", Dimensions: [{ Name: "FunctionName", Value: { Ref: fn("roster-api").id } }] });
    expect(alarm("ApiThrottles")).toMatchObject({ Namespace: "AWS/Lambda", MetricName: "Throttles", Threshold: 1 });
  });

  it("watch both dead-letter queues and publish-audit's iterator age", () => {
    for (const name of ["NotifyDeadLetters", "StreamDeadLetters"]) {
      expect(alarm(name)).toMatchObject({ Namespace: "AWS/SQS", MetricName: "ApproximateNumberOfMessagesVisible", Statistic: "Maximum", Threshold: 1 });
    }
    expect(alarm("PublishAuditIteratorAge")).toMatchObject({
      Namespace: "AWS/Lambda",
      MetricName: "IteratorAge",
      Statistic: "Maximum",
      Threshold: ITERATOR_AGE_ALARM_MS,
      Dimensions: [{ Name: "FunctionName", Value: { Ref: fn("roster-publish-audit").id } }],
    });
    expect(alarm("PublishAuditErrors")).toMatchObject({ MetricName: "Errors" });
    expect(alarm("NotifyThrottles")).toMatchObject({ MetricName: "Throttles" });
  });

  it.runIf(expireJobExists)("watch the expiry job's errors", () => {
    expect(alarm("ExpireMembershipsErrors")).toMatchObject({
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Dimensions: [{ Name: "FunctionName", Value: { Ref: fn("roster-expire-memberships").id } }],
    });
  });
});

// --- The bundles: what CloudFormation would upload for each function ---

async function assetDir(service: string): Promise<string> {
  const { resource, stack } = fn(service);
  const key = (resource.Properties.Code.S3Key as string).replace(/\.zip$/, "");
  const manifest = JSON.parse(await readFile(join(outdir, `${STAGE}-roster-${stack}.assets.json`), "utf8"));
  return join(outdir, manifest.files[key].source.path);
}

async function filesIn(dir: string, prefix = ""): Promise<{ path: string; size: number }[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(prefix, entry.name);
      return entry.isDirectory() ? filesIn(dir, path) : [{ path, size: (await stat(join(dir, path))).size }];
    }),
  );
  return nested.flat();
}

/** The SDK clients each function's bundle must contain (their class names survive minification). */
const SDK_CLIENTS: Record<string, string[]> = {
  "roster-api": ["DynamoDBClient", "SESv2Client", "SSMClient"],
  "roster-notify": ["DynamoDBClient", "SESv2Client"],
  "roster-publish-audit": ["EventBridgeClient"],
  "roster-expire-memberships": ["DynamoDBClient"],
};

/** Scalar's standalone bundle in node_modules, as the http package finds it. */
const SCALAR_BUNDLE = resolveScalarBundle(join(REPOSITORY_ROOT, "packages/http/src/pages/scalar-bundle-file.ts"));
/** Strings of Scalar's bundle that no Roster module holds: its CSS injector and its stylesheet's banner. */
const SCALAR_MARKERS = ["vite-plugin-css-injected-by-js", "tailwindcss v4"];

/**
 * The bundle's modules from its handler: `coldStart`, what loading the handler loads (it and its
 * static imports, transitively); `lazy`, what only an `import()` reaches.
 */
async function moduleGraph(dir: string, handlerPath: string): Promise<{ coldStart: string[]; lazy: string[] }> {
  await initModuleLexer;
  const coldStart = new Set<string>();
  const dynamic = new Set<string>();
  const walk = async (path: string, isStatic: boolean): Promise<void> => {
    if (coldStart.has(path) || (!isStatic && dynamic.has(path))) return;
    (isStatic ? coldStart : dynamic).add(path);
    const [imports] = parseModule(await readFile(join(dir, path), "utf8"));
    for (const { n: specifier, d: dynamicAt } of imports) {
      if (!specifier?.startsWith(".")) continue;
      // d is -1 for a static import; a chunk imported statically by a lazy one is still lazy.
      await walk(normalize(join(dirname(path), specifier)), isStatic && dynamicAt === -1);
    }
  };
  await walk(handlerPath, true);
  return { coldStart: [...coldStart], lazy: [...dynamic].filter((path) => !coldStart.has(path)) };
}

const handlerFileOf = (service: string) => `${(fn(service).resource.Properties.Handler as string).replace(/\.handler$/, "")}.mjs`;

describe("the bundles", () => {
  it.each(SERVICES)("%s: minified ES modules with the createRequire banner and the AWS SDK inside, a cold start within budget", async (service) => {
    const dir = await assetDir(service);
    const files = await filesIn(dir);
    const handlerPath = handlerFileOf(service);
    expect(files.map((file) => file.path), handlerPath).toContain(handlerPath);
    const { coldStart, lazy } = await moduleGraph(dir, handlerPath);
    const bytes = (paths: string[]) => paths.reduce((sum, path) => sum + files.find((file) => file.path === path)!.size, 0);
    const kib = (size: number) => `${(size / 1024).toFixed(0)} KiB`;
    console.info(`${service}: cold start ${kib(bytes(coldStart))} in ${coldStart.length} file(s); on first use ${kib(bytes(lazy))}; asset ${kib(bytes(files.map((file) => file.path)))}`);

    expect(bytes(coldStart)).toBeLessThan(COLD_START_BUDGET);
    const code = await readFile(join(dir, handlerPath), "utf8");
    expect(code.startsWith(ESM_REQUIRE_BANNER), "starts with the banner").toBe(true);
    expect(/export\s*\{[^}]*\bhandler\b/.test(code), "exports handler").toBe(true);
    // Every module, chunks included (esbuild also writes one for an `import()` in code it then drops).
    const modules = files.filter((file) => file.path.endsWith(".mjs")).map((file) => file.path);
    const everything = (await Promise.all(modules.map((path) => readFile(join(dir, path), "utf8")))).join("\n");
    // Minified: most of the code sits on lines thousands of characters long (unminified code
    // averages ~40 a line; the api's HTML templates keep their own short lines).
    const onLongLines = everything.split("\n").filter((line) => line.length > 1000).reduce((sum, line) => sum + line.length, 0);
    expect(onLongLines / everything.length).toBeGreaterThan(0.8);
    // The SDK is bundled (the pinned version, tree-shaken), never imported from the runtime's copy
    // (esbuild writes an external import as `from"…"` / `import"…"`; the runs below load each bundle
    // with nothing but its own node_modules).
    expect(/(?:\bfrom|\bimport\(?)"@aws-sdk\//.test(everything), "an @aws-sdk import left external").toBe(false);
    for (const client of SDK_CLIENTS[service] ?? []) expect(everything.includes(`"${client}"`), `${client} bundled`).toBe(true);
    expect(files.filter((file) => file.path.endsWith(".map"))).toEqual([]);
  });

  it("loads the api's password dictionaries, QR code drawer, mail client, argon2, routes and pages on first use, not at a cold start", async () => {
    const dir = await assetDir("roster-api");
    const { coldStart, lazy } = await moduleGraph(dir, handlerFileOf("roster-api"));
    const text = async (paths: string[]) => (await Promise.all(paths.map((path) => readFile(join(dir, path), "utf8")))).join("\n");
    const [atColdStart, onFirstUse] = await Promise.all([text(coldStart), text(lazy)]);
    // A word from each: the English and common dictionaries (a keyboard layout), the QR renderer's
    // SVG, the SES client; the API's routes (an operationId), the OpenAPI registry, the console's
    // pages, the setup page; zod, whose schemas only a request's validation needs (settings and
    // the signing key are read by hand). A cold start answers /health with none of them.
    const markers = ["bookkeeper", "azerty", "crispEdges", '"SESv2Client"', '"getAuthorizationServerMetadata"', '"OpenAPIRegistry"', "nothing you can see", "Set up your account", '"ZodObject"'];
    for (const marker of markers) {
      expect(onFirstUse.includes(marker), `${marker} in a lazy chunk`).toBe(true);
      expect(atColdStart.includes(marker), `${marker} at a cold start`).toBe(false);
    }
    expect(atColdStart.includes('"DynamoDBClient"')).toBe(true);
    // argon2's native module opens on the first hash: the start holds only the `import()` of it.
    expect(/(?:\bfrom|\bimport)"@node-rs\/argon2"/.test(atColdStart), "argon2 imported statically").toBe(false);
  });

  it("ships Scalar's browser bundle beside the api's code as a file of its own, and none of it in the code", async () => {
    const dir = await assetDir("roster-api");
    const files = await filesIn(dir);
    const shipped = files.filter((file) => /^functions\/standalone-[A-Z0-9]+\.js$/.test(file.path));
    expect(shipped.map((file) => file.path)).toHaveLength(1);
    // (Buffer.equals: a deep comparison of 4.9 MB takes vitest half a minute.)
    expect((await readFile(join(dir, shipped[0]!.path))).equals(await readFile(SCALAR_BUNDLE))).toBe(true);
    const modules = files.filter((file) => file.path.endsWith(".mjs")).map((file) => file.path);
    const code = (await Promise.all(modules.map((path) => readFile(join(dir, path), "utf8")))).join("\n");
    for (const marker of SCALAR_MARKERS) expect(code.includes(marker), `${marker} in the api's modules`).toBe(false);
  });

  it("carries argon2's linux-arm64 binary for the api, and nothing native for the others", async () => {
    const api = await filesIn(await assetDir("roster-api"));
    expect(api.map((file) => file.path).sort()).toEqual(
      expect.arrayContaining([
        "functions/api.mjs",
        "node_modules/@node-rs/argon2/index.js",
        "node_modules/@node-rs/argon2/package.json",
        "node_modules/@node-rs/argon2-linux-arm64-gnu/package.json",
        "node_modules/@node-rs/argon2-linux-arm64-gnu/argon2.linux-arm64-gnu.node",
      ]),
    );
    expect(api.filter((file) => /\.node$/.test(file.path)).map((file) => file.path)).toEqual(["node_modules/@node-rs/argon2-linux-arm64-gnu/argon2.linux-arm64-gnu.node"]);
    const binary = await readFile(join(await assetDir("roster-api"), "node_modules/@node-rs/argon2-linux-arm64-gnu/argon2.linux-arm64-gnu.node"));
    // ELF, 64-bit, little-endian, a shared object (ET_DYN) for AArch64 (EM_AARCH64 = 183).
    expect([...binary.subarray(0, 6)]).toEqual([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
    expect(binary.readUInt16LE(16)).toBe(3);
    expect(binary.readUInt16LE(18)).toBe(183);
    // Imported by its package name (left external), on the first hash: see the cold-start test above.
    const apiDir = await assetDir("roster-api");
    const apiModules = api.filter((file) => file.path.startsWith("functions/") && file.path.endsWith(".mjs"));
    const apiCode = (await Promise.all(apiModules.map((file) => readFile(join(apiDir, file.path), "utf8")))).join("\n");
    expect(apiCode).toContain('import("@node-rs/argon2")');

    for (const service of SERVICES.filter((name) => name !== "roster-api")) {
      const files = await filesIn(await assetDir(service));
      expect(files.map((file) => file.path)).toEqual([handlerFileOf(service)]);
    }
  });
});

/*
 * Each bundle, run in its own Node process as Lambda would load it (ESM, its own node_modules),
 * against DynamoDB Local and the SES emulator; SSM Parameter Store and EventBridge are a small
 * local HTTP endpoint. The arm64 argon2 binary cannot load here, so the copy that runs gets this
 * machine's binary package beside it (the loader picks the one for its platform).
 */
describe("the bundles, run", () => {
  let h: Harness;
  let fakeAws: http.Server;
  let fakeAwsUrl: string;
  const putEvents: Json[] = [];
  const ssmValues = new Map<string, string>();

  beforeAll(async () => {
    h = await createHarness();
    ssmValues.set(`/sst/roster/${STAGE}/Secret/ROSTER_TOKEN_SIGNING_KEY/value`, await generateSigningKeyJwk());
    ssmValues.set(`/sst/roster/.fallback/Secret/ROSTER_TOTP_ENCRYPTION_KEY/value`, Buffer.alloc(32, 7).toString("base64"));
    fakeAws = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        const input = JSON.parse(body || "{}");
        const target = request.headers["x-amz-target"];
        response.setHeader("content-type", "application/x-amz-json-1.1");
        if (target === "AmazonSSM.GetParameters") {
          const names = input.Names as string[];
          response.end(JSON.stringify({ Parameters: names.filter((name) => ssmValues.has(name)).map((name) => ({ Name: name, Value: ssmValues.get(name), Type: "SecureString" })), InvalidParameters: names.filter((name) => !ssmValues.has(name)) }));
        } else if (target === "AWSEvents.PutEvents") {
          putEvents.push(...input.Entries);
          response.end(JSON.stringify({ FailedEntryCount: 0, Entries: input.Entries.map((_: Json, n: number) => ({ EventId: `eb-${n}` })) }));
        } else {
          response.statusCode = 400;
          response.end(JSON.stringify({ __type: "UnknownOperationException" }));
        }
      });
    });
    await new Promise<void>((resolve) => fakeAws.listen(0, "127.0.0.1", resolve));
    const address = fakeAws.address() as { port: number };
    fakeAwsUrl = `http://127.0.0.1:${address.port}`;
  });

  afterAll(() => new Promise<void>((resolve) => (fakeAws ? fakeAws.close(() => resolve()) : resolve())));

  /** The owner the lazy-chunks run sets up through the bundle: its token is signed with the bundle's key. */
  let bundleOwnerToken: string | undefined;
  /** The Powertools lines (JSON) the last invoke's process wrote. */
  let logLines: Json[] = [];
  const loggedWithRequestId = (message: string) => expect.objectContaining({ message, function_request_id: "smoke" });

  const TOKEN_VALUES: Record<string, () => string> = {
    ROSTER_TABLE_NAME: () => h.table,
    ROSTER_PUBLIC_URL: () => "https://roster.test",
    ROSTER_SES_CONFIGURATION_SET: () => `${STAGE}-roster-mail`,
    ROSTER_EVENT_BUS_NAME: () => `${STAGE}-roster-bus`,
  };

  /**
   * Invokes the bundle's handler with each event in turn, in a fresh Node process; answers the
   * results. `prepare` changes the copy of the bundle first.
   */
  async function invoke(service: string, events: Json[], prepare?: (copy: string) => Promise<void>): Promise<Json[]> {
    const copy = await mkdtemp(join(tmpdir(), `roster-${service}-`));
    try {
      await cp(await assetDir(service), copy, { recursive: true });
      await prepare?.(copy);
      await carryHostNatives(copy, REPOSITORY_ROOT);
      await writeInvoker(copy, handlerFileOf(service));
      const variables = fn(service).resource.Properties.Environment.Variables as Record<string, Json>;
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? "",
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "local",
        AWS_SECRET_ACCESS_KEY: "local",
        AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint(),
        AWS_ENDPOINT_URL_SESV2: inject("sesEndpoint"),
        AWS_ENDPOINT_URL_SSM: fakeAwsUrl,
        AWS_ENDPOINT_URL_EVENTBRIDGE: fakeAwsUrl,
      };
      for (const [name, value] of Object.entries(variables)) {
        if (typeof value === "string") env[name] = value;
        else if (TOKEN_VALUES[name]) env[name] = TOKEN_VALUES[name]();
        else throw new Error(`${service}: no test value for ${name} (${JSON.stringify(value)})`);
      }
      const { results, stdout, stderr } = await runInvoker(copy, env, events);
      logLines = `${stdout}\n${stderr}`
        .split("\n")
        .filter((text) => text.startsWith("{"))
        .map((text) => JSON.parse(text));
      return results;
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }

  it("api: loads its keys from SSM, answers API Gateway events, hashes with argon2 and writes the table", async () => {
    const [health, login, script, stylesheet] = await invoke("roster-api", [
      httpEvent("GET", "/health"),
      httpEvent("POST", "/v1/auth/login", { email: "nobody@example.com", password: "wrong wrong wrong", totpCode: "123456" }),
      httpEvent("GET", "/assets/setup.js"),
      httpEvent("GET", "/assets/roster.css"),
    ]);
    expect(health).toMatchObject({ statusCode: 200, body: JSON.stringify({ status: "ok" }) });
    // The pages' files, bundled as text (stacks/raw-text.ts), served as they are in the repository.
    const assets = join(REPOSITORY_ROOT, "packages/http/src/pages/assets");
    expect(script).toMatchObject({ statusCode: 200, headers: { "content-type": "text/javascript; charset=utf-8" }, body: await readFile(join(assets, "setup.js"), "utf8") });
    expect(stylesheet).toMatchObject({ statusCode: 200, headers: { "content-type": "text/css; charset=utf-8" }, body: await readFile(join(assets, "roster.css"), "utf8") });
    expect(login.statusCode).toBe(401);
    const failed = (await h.auditEvents()).find((event) => event.type === "LOGIN_FAILED");
    expect(failed?.context).toMatchObject({ ip: "198.51.100.7", requestId: expect.any(String) });
  }, 120_000);

  it("api: serves Scalar's bundle from its own copy, gzipped and base64-encoded as API Gateway takes it", async () => {
    const [docs, bundle] = await invoke("roster-api", [httpEvent("GET", "/docs"), httpEvent("GET", "/assets/scalar/standalone.js", undefined, { "accept-encoding": "gzip, deflate, br" })]);
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('src="/assets/api-reference.js"');
    expect(bundle).toMatchObject({ statusCode: 200, isBase64Encoded: true, headers: { "content-type": "text/javascript; charset=utf-8", "content-encoding": "gzip" } });
    expect(gunzipSync(Buffer.from(bundle.body, "base64")).equals(await readFile(SCALAR_BUNDLE))).toBe(true);
  }, 120_000);

  it("api: reads Scalar's bundle on the first request for it, not at a cold start", async () => {
    // The shipped copy becomes a named pipe nothing writes to: opening it blocks until a writer
    // comes, so a function that read the file at start-up, even in the background, would never
    // finish (the process waits on the open). One that reads it on its own request starts,
    // answers the API and the reference's page, and exits.
    const bundleAsPipe = async (copy: string) => {
      const [shipped] = (await readdir(join(copy, "functions"))).filter((name) => /^standalone-[A-Z0-9]+\.js$/.test(name));
      if (!shipped) throw new Error("the api's bundle ships no copy of Scalar's bundle");
      await rm(join(copy, "functions", shipped));
      await new Promise<void>((resolve, reject) => spawn("mkfifo", [join(copy, "functions", shipped)]).on("close", (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo exited ${code}`)))));
    };
    const [health, docs] = await invoke("roster-api", [httpEvent("GET", "/health"), httpEvent("GET", "/docs")], bundleAsPipe);
    expect(health.statusCode).toBe(200);
    expect(docs.statusCode).toBe(200);
  }, 120_000);

  it("api: refuses to start, naming it, when the stage sets no value for a bound secret", async () => {
    const fallback = `/sst/roster/.fallback/Secret/ROSTER_TOTP_ENCRYPTION_KEY/value`;
    const value = ssmValues.get(fallback)!;
    ssmValues.delete(fallback);
    try {
      // SST's Config fetches the secrets as the bundle loads, before any request.
      await expect(invoke("roster-api", [httpEvent("GET", "/health")])).rejects.toThrow(`The following secret values are not set in the "${STAGE} stage": ROSTER_TOTP_ENCRYPTION_KEY`);
    } finally {
      ssmValues.set(fallback, value);
    }
  }, 120_000);

  it("api: loads its lazy chunks when a request needs them: QR code, password dictionaries, mail client", async () => {
    const owner = await Workspace.ensureOwner(h.deps, `owner-${Date.now()}@example.com`);
    if (owner.state === "active") throw new Error("the harness table has an active owner");
    const token = h.tokenOf(owner.setupUrl);
    const complete = (password: string, totpCode: string) => httpEvent("POST", "/v1/setup/complete", { token, displayName: "Owner", password, totpCode });
    const body = (result: Json) => JSON.parse(result.body);

    const [totp, weak] = await invoke("roster-api", [httpEvent("POST", "/v1/setup/totp", { token }), complete("password1234", "000000")]);
    expect(totp.statusCode).toBe(200);
    expect(body(totp).qrCodeSvg).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
    // A dictionary word: refused with zxcvbn's feedback, which only the loaded dictionaries give.
    expect(weak.statusCode).toBe(400);
    expect(body(weak)).toMatchObject({ code: "password.too_weak", detail: expect.stringMatching(/too easy to guess\. \S/) });

    // Each invocation is a cold process: the next one loads the dictionaries (and argon2) afresh.
    const { secret } = body(totp);
    const step = stepOf(new Date());
    const [done, login] = await invoke("roster-api", [
      complete(GOOD_PASSWORD, totpAt(secret, step)),
      httpEvent("POST", "/v1/auth/login", { email: owner.email, password: GOOD_PASSWORD, totpCode: totpAt(secret, step + 1) }),
    ]);
    expect(done.statusCode).toBe(200);
    expect(login.statusCode).toBe(200);
    bundleOwnerToken = body(login).accessToken;

    const invitee = `invitee-${Date.now()}@example.com`;
    const [invited] = await invoke("roster-api", [httpEvent("POST", "/v1/users", { email: invitee, role: "OPERATOR" }, { authorization: `Bearer ${body(login).accessToken}` })]);
    expect(invited.statusCode).toBe(201);
    expect(body(invited).emailDelivery).toBe("sent");
    expect(await h.mailsTo(invitee)).toHaveLength(1);
  }, 120_000);

  it("api: trades an API client's assertion sent as API Gateway sends a form (base64), and the token calls the API", async () => {
    if (!bundleOwnerToken) throw new Error("needs the owner the lazy-chunks run above set up through the bundle");
    const key = await generateKeyPair("EdDSA", { extractable: true });
    const client = { name: "bundle", type: "DELEGATED", publicKey: await exportJWK(key.publicKey), scopes: ["users:read"] };
    const [registered] = await invoke("roster-api", [httpEvent("POST", "/v1/api-clients", client, { authorization: `Bearer ${bundleOwnerToken}` })]);
    expect(registered.statusCode, registered.body).toBe(201);
    const clientId = (JSON.parse(registered.body) as { id: string }).id;
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: "EdDSA" })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience("https://roster.test/oauth/token")
      .setIssuedAt(now)
      .setExpirationTime(now + 120)
      .sign(key.privateKey);
    const form = new URLSearchParams({ grant_type: "client_credentials", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion });
    const tokenEvent = {
      ...httpEvent("POST", "/oauth/token", undefined, { "content-type": "application/x-www-form-urlencoded" }),
      body: Buffer.from(form.toString()).toString("base64"),
      isBase64Encoded: true,
    };
    const [issued, replayed] = await invoke("roster-api", [tokenEvent, tokenEvent]);
    expect(issued.statusCode, issued.body).toBe(200);
    expect(JSON.parse(replayed.body)).toEqual({ error: "invalid_client", error_description: expect.any(String) });
    const accessToken = JSON.parse(issued.body).access_token as string;
    const [users] = await invoke("roster-api", [httpEvent("GET", "/v1/users", undefined, { authorization: `Bearer ${accessToken}` })]);
    expect(users.statusCode).toBe(200);
  }, 120_000);

  it("publish-audit: puts a stream batch's audit items on the bus", async () => {
    const items = await h.auditEvents();
    expect(items.length).toBeGreaterThan(0);
    const records = items.map((item) => streamRecord("INSERT", item, h.table));
    putEvents.length = 0;
    const [result] = await invoke("roster-publish-audit", [{ Records: records }]);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(putEvents.map((entry) => JSON.parse(entry.Detail).id)).toEqual(items.map((item) => item.id));
    expect(putEvents[0]).toMatchObject({ EventBusName: `${STAGE}-roster-bus`, Source: "roster" });
    expect(logLines).toContainEqual(loggedWithRequestId("Audit events published"));
  }, 120_000);

  it("notify: mails the person an EventBridge event from the notify rule concerns", async () => {
    const to = `smoke-${Date.now()}@example.com`;
    const detail = {
      id: "evt_smoke",
      type: "MFA_RESET",
      occurredAt: new Date().toISOString(),
      actor: { type: "user", id: "usr_admin", email: "admin@example.com" },
      target: { type: "user", id: "usr_smoke", email: to },
      tenant: null,
      changes: null,
      context: { requestId: "r", ip: null, userAgent: null },
    };
    await invoke("roster-notify", [
      { version: "0", id: "eb-1", "detail-type": detail.type, source: "roster", account: "123456789012", time: detail.occurredAt, region: "us-east-1", resources: [], detail },
    ]);
    expect(await h.mailsTo(to)).toHaveLength(1);
    expect(logLines).toContainEqual(loggedWithRequestId("Notice mailed"));
  }, 120_000);

  it.runIf(expireJobExists)("expire-memberships: runs on a scheduled event", async () => {
    const [run] = await invoke("roster-expire-memberships", [
      { version: "0", id: "sched-1", "detail-type": "Scheduled Event", source: "aws.events", account: "123456789012", time: new Date().toISOString(), region: "us-east-1", resources: [], detail: {} },
    ]);
    expect(run).toMatchObject({ expired: 0, warned: 0 });
    expect(logLines).toContainEqual(loggedWithRequestId("Membership expiry job ran"));
  }, 120_000);
});
