import { Duration } from "aws-cdk-lib";
import { Stats } from "aws-cdk-lib/aws-cloudwatch";
import { Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { EventBus, use, type Function as SstFunction, type Stack, type StackContext } from "sst/constructs";
import { BUS_RULES, NOTIFY_RULE } from "../packages/core/src/events/rules";
import { Api } from "./api";
import { readDeployConfig } from "./config";
import { Email } from "./email";
import { toCdkEventPattern } from "./event-pattern";
import { ASYNC_RETRIES, rosterFunction } from "./function";
import { ALARM_PERIOD, alarm, Monitoring } from "./monitoring";
import { indexQuery } from "./table-access";
import { Storage } from "./storage";

/** How long the bus's archive keeps events for replay (to a new subscriber, or after an outage). */
export const ARCHIVE_RETENTION_DAYS = 365;

/**
 * The audit fan-out's second half: the bus publish-audit puts every audit event on, an archive of
 * it for replay, and Roster's own rules (core's BUS_RULES, which the local runtime matches too),
 * each delivering to its function.
 */
export function Events({ stack, app }: StackContext) {
  const config = readDeployConfig(process.env);
  const { table } = use(Storage);
  const email = use(Email);
  const { publicUrl } = use(Api);
  const { alarmTopic } = use(Monitoring);

  const bus = new EventBus(stack, "bus");
  bus.cdk.eventBus.archive("Archive", {
    archiveName: app.logicalPrefixedName("audit"),
    description: "Every event on the Roster bus, for replay",
    // EventBridge's idiom for "every event": all of them come from this account.
    eventPattern: { account: [stack.account] },
    retention: Duration.days(ARCHIVE_RETENTION_DAYS),
  });

  const notify = rosterFunction(stack, "notify", {
    handler: "functions/notify.handler",
    service: "roster-notify",
    description: "Mails the person an audit event concerns (the SUPER_ADMINs, for a break-glass sign-in)",
    tableArn: table.tableArn,
    timeout: 15,
    environment: {
      ...config.settings,
      ROSTER_TABLE_NAME: table.tableName,
      ROSTER_PUBLIC_URL: publicUrl,
      ROSTER_MAIL_FROM: email.mailFrom,
      ROSTER_SES_CONFIGURATION_SET: email.configurationSetName,
    },
  });
  notify.addToRolePolicy(indexQuery(table.tableArn, "gsi4"));
  notify.addToRolePolicy(email.sendMail());

  // Where a notification ends up when it cannot be delivered: EventBridge could not invoke the
  // function, or the function kept failing (it throws when SES refuses) through Lambda's retries.
  const notifyDeadLetters = deadLetterQueue(stack, "NotifyDeadLetters", app.logicalPrefixedName("notify-dlq"));
  notify.configureAsyncInvoke({ ...ASYNC_RETRIES, onFailure: new SqsDestination(notifyDeadLetters) });

  const targets: Record<string, SstFunction> = { [NOTIFY_RULE.name]: notify };
  for (const rule of BUS_RULES) {
    const target = targets[rule.name];
    if (!target) throw new Error(`Bus rule "${rule.name}" (core's BUS_RULES) has no target in the Events stack.`);
    new Rule(stack, `Rule-${rule.name}`, {
      ruleName: app.logicalPrefixedName(rule.name),
      eventBus: bus.cdk.eventBus,
      eventPattern: toCdkEventPattern(rule.pattern),
      targets: [new LambdaFunction(target, { deadLetterQueue: notifyDeadLetters, retryAttempts: 8, maxEventAge: Duration.hours(24) })],
    });
  }

  alarm(stack, alarmTopic, "NotifyDeadLetters", {
    metric: notifyDeadLetters.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: Stats.MAXIMUM }),
    threshold: 1,
    description: "A notification mail could not be sent (see the notify function's logs and the queue's messages).",
  });
  alarm(stack, alarmTopic, "NotifyThrottles", {
    metric: notify.metricThrottles({ period: ALARM_PERIOD, statistic: Stats.SUM }),
    threshold: 1,
    description: "Lambda throttled the notify function: the account's concurrency limit was reached.",
  });

  stack.addOutputs({ EventBusName: bus.eventBusName });
  return { bus };
}

/** A dead-letter queue: encrypted, TLS only, messages kept for the 14 days SQS allows. */
export function deadLetterQueue(stack: Stack, id: string, queueName: string): Queue {
  return new Queue(stack, id, { queueName, retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true });
}
