import { Notify, type Audit } from "@roster/core";
import type { EventBridgeEvent } from "aws-lambda";
import { notifyDeps } from "./lib/fanout-deps";
import { lambdaHandler } from "./lib/lambda-handler";

/**
 * The `notify` Lambda: target of the bus's notify rule (Events.NOTIFY_RULE). Throws when the mail
 * cannot be sent, so EventBridge's retry policy (and the rule's dead-letter queue) take over.
 */
export function createNotifyHandler(deps: Notify.NotifyDeps) {
  return async (event: EventBridgeEvent<string, Audit.AuditEvent>): Promise<void> => {
    await Notify.notify(deps, event.detail);
  };
}

export const handler = lambdaHandler("roster-notify", (log) => createNotifyHandler(notifyDeps(process.env, log)));
