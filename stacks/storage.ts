import { RemovalPolicy } from "aws-cdk-lib";
import { BillingMode } from "aws-cdk-lib/aws-dynamodb";
import { Table, type StackContext } from "sst/constructs";
import { GLOBAL_INDEXES, TABLE_KEY, TTL_ATTRIBUTE } from "../packages/core/src/store/table-definition";
import { isProtectedStage } from "./config";

/**
 * The one table, shaped by core's table-definition.ts (the local runtime creates DynamoDB Local's
 * from the same definition). Its stream (new images) feeds publish-audit.
 */
export function Storage({ stack }: StackContext) {
  const protectedStage = isProtectedStage(stack.stage);
  const keyAttributes = [TABLE_KEY.partitionKey, TABLE_KEY.sortKey, ...GLOBAL_INDEXES.flatMap((index) => [index.partitionKey, index.sortKey])];

  const table = new Table(stack, "table", {
    fields: Object.fromEntries(keyAttributes.map((name) => [name, "string" as const])),
    primaryIndex: { partitionKey: TABLE_KEY.partitionKey, sortKey: TABLE_KEY.sortKey },
    globalIndexes: Object.fromEntries(
      GLOBAL_INDEXES.map((index) => [index.name, { partitionKey: index.partitionKey, sortKey: index.sortKey, projection: "all" as const }]),
    ),
    timeToLiveAttribute: TTL_ATTRIBUTE,
    stream: "new_image",
    cdk: {
      table: {
        billingMode: BillingMode.PAY_PER_REQUEST,
        // SST sets the deprecated `pointInTimeRecovery`; CDK refuses both at once.
        pointInTimeRecovery: undefined,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        // A stage with real data survives `sst remove` and a stray delete; a disposable one goes with its stage.
        deletionProtection: protectedStage,
        removalPolicy: protectedStage ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      },
    },
  });

  stack.addOutputs({ TableName: table.tableName });
  return { table };
}
