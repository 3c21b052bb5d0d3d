import { Duration } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Topic, type ITopic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { Stack, StackContext } from "sst/constructs";
import { readDeployConfig } from "./config";

/**
 * The alarm topic every other stack's alarms notify. It comes first so that the stacks holding the
 * alarmed resources can keep their alarms beside them. Subscribe the on-call address with
 * ROSTER_ALARM_EMAIL, or anything else (chat, paging) to the topic output.
 */
export function Monitoring({ stack, app }: StackContext) {
  const config = readDeployConfig(process.env);
  const alarmTopic = new Topic(stack, "AlarmTopic", { topicName: app.logicalPrefixedName("alarms"), displayName: `Roster ${app.stage} alarms` });
  if (config.alarmEmail) alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));
  stack.addOutputs({ AlarmTopicArn: alarmTopic.topicArn });
  return { alarmTopic };
}

/**
 * An alarm that fires when `metric` reaches `threshold` in one period and notifies the topic. A
 * period without data (no traffic) is not a breach.
 */
export function alarm(stack: Stack, topic: ITopic, id: string, props: { metric: IMetric; threshold: number; description: string }): Alarm {
  const created = new Alarm(stack, `${id}Alarm`, {
    alarmName: `${stack.stackName}-${id}`,
    alarmDescription: props.description,
    metric: props.metric,
    threshold: props.threshold,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  created.addAlarmAction(new SnsAction(topic));
  return created;
}

export const ALARM_PERIOD = Duration.minutes(5);
