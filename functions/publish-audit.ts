import { Events } from "@roster/core";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { publishAuditDeps } from "./lib/fanout-deps";
import { lambdaHandler } from "./lib/lambda-handler";

/**
 * The `publish-audit` Lambda: the table's stream (NEW_IMAGE) to the EventBridge bus. The event
 * source mapping must enable ReportBatchItemFailures: the answer names the first record that could
 * not be published, and Lambda retries from it.
 */
export function createPublishAuditHandler(deps: Events.PublishAuditDeps) {
  return (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => Events.publishAuditRecords(deps, event.Records);
}

export const handler = lambdaHandler("roster-publish-audit", (log) => createPublishAuditHandler(publishAuditDeps(process.env, log)));
