import { Jobs, type Membership } from "@roster/core";
import type { Context, ScheduledEvent } from "aws-lambda";
import { jobDeps } from "./lib/job-deps";
import { lambdaHandler } from "./lib/lambda-handler";

/** Stop taking memberships this long before the Lambda's timeout: the rest waits for the next run. */
const TIMEOUT_MARGIN_MS = 10_000;

/**
 * The `expire-memberships` Lambda: the EventBridge schedule's target, the workspace's scheduled
 * bookkeeping (Jobs.runScheduled: membership expiries and warnings, then the sign-in throttle's
 * records). Its audit events carry the schedule event's id as their requestId. A failed run is not
 * retried: the next one finds the same work due.
 */
export function createExpireMembershipsHandler(deps: Membership.ExpiryDeps) {
  return async (event: ScheduledEvent, context?: Pick<Context, "getRemainingTimeInMillis">): Promise<Jobs.ScheduledRun> =>
    // expireDue logs the run's counts, what it read and what that cost.
    Jobs.runScheduled(deps, deps.clock.now(), {
      requestId: event.id,
      shouldStop: context ? () => context.getRemainingTimeInMillis() < TIMEOUT_MARGIN_MS : undefined,
    });
}

export const handler = lambdaHandler("roster-expire-memberships", (log) => createExpireMembershipsHandler(jobDeps(process.env, log)));
