import { Duration } from "aws-cdk-lib";
import { Stats } from "aws-cdk-lib/aws-cloudwatch";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { EventSourceMapping, FilterCriteria, FilterRule, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { use, type StackContext } from "sst/constructs";
import { useProject } from "sst/project.js";
import { AUDIT_ENTITY } from "../packages/core/src/store/audit";
import { Api } from "./api";
import { callBudgetSettings, readDeployConfig } from "./config";
import { deadLetterQueue, Events } from "./events";
import { rosterFunction } from "./function";
import { ALARM_PERIOD, alarm, Monitoring } from "./monitoring";
import { Storage } from "./storage";
import { streamRead, tableReadWrite } from "./table-access";

/** The stream → publish-audit event source mapping. */
export const STREAM_SOURCE = {
  batchSize: 100,
  /** A batch that keeps failing is split in halves until the failing record is alone. */
  bisectBatchOnError: true,
  retryAttempts: 10,
  /** The stream keeps records 24 h; after 6 h of failing, a batch goes to the dead-letter queue instead. */
  maxRecordAgeHours: 6,
  /** Audit events go out in order: one batch per shard at a time. */
  parallelizationFactor: 1,
};

/** Alarm when the oldest unpublished stream record is this old: the fan-out is stuck or behind. */
export const ITERATOR_AGE_ALARM_MS = 5 * 60 * 1000;

/**
 * The expiry job's handler (core's Membership.expireDue). The job and its schedule are part of the
 * stage when this file exists, and the stage deploys without them while it does not.
 */
export const EXPIRE_MEMBERSHIPS_HANDLER = "functions/expire-memberships";

/** EventBridge schedules run in whole minutes, at least one. */
export const expiryMinutes = (intervalSeconds: number) => Math.max(1, Math.ceil(intervalSeconds / 60));

/**
 * The background work: the table's stream → publish-audit → the bus (the outbox relay of the audit
 * trail), and the schedule that runs the membership expiry job.
 */
export function Jobs({ stack, app }: StackContext) {
  const config = readDeployConfig(process.env);
  const { table } = use(Storage);
  const { bus } = use(Events);
  const { alarmTopic } = use(Monitoring);
  const tableArn = table.tableArn;
  const streamArn = table.cdk.table.tableStreamArn;
  if (!streamArn) throw new Error("The table has no stream: publish-audit needs one.");

  const publishAudit = rosterFunction(stack, "publishAudit", {
    handler: "functions/publish-audit.handler",
    service: "roster-publish-audit",
    description: "Puts the table's new audit events on the EventBridge bus",
    tableArn,
    // Up to 10 PutEvents calls per batch, each retried with backoff: well under a minute.
    timeout: 60,
    // The call budget alone of the forwarded settings: the rest are not its business.
    environment: { ...callBudgetSettings(config.settings), ROSTER_EVENT_BUS_NAME: bus.eventBusName },
  });
  for (const statement of streamRead(tableArn, streamArn)) publishAudit.addToRolePolicy(statement);
  publishAudit.addToRolePolicy(new PolicyStatement({ sid: "PutAuditEvents", actions: ["events:PutEvents"], resources: [bus.eventBusArn] }));

  // Batches that could not be published: the message names the shard and sequence numbers; the
  // audit items themselves stay in the table and can be published again from there.
  const streamDeadLetters = deadLetterQueue(stack, "StreamDeadLetters", app.logicalPrefixedName("publish-audit-dlq"));
  new EventSourceMapping(stack, "AuditStream", {
    target: publishAudit,
    eventSourceArn: streamArn,
    startingPosition: StartingPosition.TRIM_HORIZON,
    batchSize: STREAM_SOURCE.batchSize,
    bisectBatchOnError: STREAM_SOURCE.bisectBatchOnError,
    reportBatchItemFailures: true,
    retryAttempts: STREAM_SOURCE.retryAttempts,
    maxRecordAge: Duration.hours(STREAM_SOURCE.maxRecordAgeHours),
    parallelizationFactor: STREAM_SOURCE.parallelizationFactor,
    onFailure: new SqsDlq(streamDeadLetters),
    // Only new audit items invoke the function (sessions, throttles and the rest would otherwise
    // cost an invocation each); publish-audit checks the same two things itself.
    filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual("INSERT"), dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(AUDIT_ENTITY) } } } })],
  });

  alarm(stack, alarmTopic, "PublishAuditIteratorAge", {
    metric: publishAudit.metric("IteratorAge", { period: ALARM_PERIOD, statistic: Stats.MAXIMUM }),
    threshold: ITERATOR_AGE_ALARM_MS,
    description: "Audit events wait more than 5 minutes for the bus: publish-audit is failing or behind.",
  });
  alarm(stack, alarmTopic, "PublishAuditErrors", {
    metric: publishAudit.metricErrors({ period: ALARM_PERIOD, statistic: Stats.SUM }),
    threshold: 1,
    description: "publish-audit failed (its batch is retried from the failing record).",
  });
  alarm(stack, alarmTopic, "PublishAuditThrottles", {
    metric: publishAudit.metricThrottles({ period: ALARM_PERIOD, statistic: Stats.SUM }),
    threshold: 1,
    description: "Lambda throttled publish-audit: the account's concurrency limit was reached.",
  });
  alarm(stack, alarmTopic, "StreamDeadLetters", {
    metric: streamDeadLetters.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: Stats.MAXIMUM }),
    threshold: 1,
    description: "A batch of audit events was given up on: publish them again from the table (the message names the records).",
  });

  const root = useProject().paths.root;
  if ([".ts", ".js"].some((ext) => existsSync(join(root, EXPIRE_MEMBERSHIPS_HANDLER + ext)))) {
    const { publicUrl } = use(Api);
    // It reads and writes the table and nothing else: its warnings are audit events that notify mails.
    const expire = rosterFunction(stack, "expireMemberships", {
      handler: `${EXPIRE_MEMBERSHIPS_HANDLER}.handler`,
      service: "roster-expire-memberships",
      description: "Records expired memberships and warns before expiry",
      tableArn,
      // The handler stops taking memberships 10 s before this; the rest waits for the next run.
      timeout: 60,
      environment: { ...config.settings, ROSTER_TABLE_NAME: table.tableName, ROSTER_PUBLIC_URL: publicUrl },
    });
    for (const statement of tableReadWrite(tableArn)) expire.addToRolePolicy(statement);
    // A failed run is not retried: the next one, minutes later, finds the same memberships due.
    expire.configureAsyncInvoke({ retryAttempts: 0 });
    new Rule(stack, "ExpireSchedule", {
      ruleName: app.logicalPrefixedName("expire-memberships"),
      description: "Runs the membership expiry job (ROSTER_EXPIRY_INTERVAL_SECONDS, in whole minutes)",
      schedule: Schedule.rate(Duration.minutes(expiryMinutes(config.expiryIntervalSeconds))),
      targets: [new LambdaFunction(expire, { retryAttempts: 0 })],
    });
    alarm(stack, alarmTopic, "ExpireMembershipsErrors", {
      metric: expire.metricErrors({ period: ALARM_PERIOD, statistic: Stats.SUM }),
      threshold: 1,
      description: "The membership expiry job failed: access still ends on time (checked per request), but expiry records and warnings wait.",
    });
    alarm(stack, alarmTopic, "ExpireMembershipsThrottles", {
      metric: expire.metricThrottles({ period: ALARM_PERIOD, statistic: Stats.SUM }),
      threshold: 1,
      description: "Lambda throttled the membership expiry job.",
    });
  }

  return {};
}
