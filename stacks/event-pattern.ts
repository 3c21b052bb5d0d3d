import type { EventPattern as CdkEventPattern } from "aws-cdk-lib/aws-events";
import type { EventPattern } from "../packages/core/src/events/rules";

/** EventBridge's top-level event fields, as CDK names them (it writes them back as EventBridge does). */
const CDK_FIELDS: Record<string, keyof CdkEventPattern> = {
  source: "source",
  "detail-type": "detailType",
  detail: "detail",
  account: "account",
  region: "region",
  resources: "resources",
  id: "id",
  time: "time",
  version: "version",
};

/**
 * Core's rule pattern (EventBridge's JSON shape, shared with the local in-process bus) as CDK takes
 * it. The synthesized rule's EventPattern is the same JSON again; the stack tests compare the two.
 */
export function toCdkEventPattern(pattern: EventPattern): CdkEventPattern {
  return Object.fromEntries(
    Object.entries(pattern).map(([field, value]) => {
      const key = CDK_FIELDS[field];
      if (!key) throw new Error(`Event pattern field "${field}" is not a field of EventBridge events.`);
      return [key, structuredClone(value)];
    }),
  ) as CdkEventPattern;
}
