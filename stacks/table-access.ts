import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Keys } from "../packages/core/src/store/keys";
import { GLOBAL_INDEXES, type IndexName } from "../packages/core/src/store/table-definition";

/*
 * What a function may do to the table, as IAM statements on the table's ARN and its indexes'
 * (never `*`, never `dynamodb:*`). Transactions need no action of their own: each of their parts
 * is authorized as the matching item action (ConditionCheck as dynamodb:ConditionCheckItem).
 */

/** The item operations core uses: Get/BatchGet, Query, Put/Update/Delete and transactions of them. */
export const ITEM_READ_ACTIONS = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem"];
export const ITEM_WRITE_ACTIONS = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"];
export const QUERY_ACTIONS = ["dynamodb:Query"];

/** Every action that could change or remove an existing item, which audit items must never see. */
export const AUDIT_DENIED_ACTIONS = ["dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete"];

/** The audit trail's partition keys (its shards), as keys.ts writes them. */
export const AUDIT_PARTITIONS = Keys.auditLog;

export const indexArns = (tableArn: string) => GLOBAL_INDEXES.map((index) => `${tableArn}/index/${index.name}`);

/** Read and write items, query the table and its indexes: the api's and the expiry job's access. */
export function tableReadWrite(tableArn: string): PolicyStatement[] {
  return [
    new PolicyStatement({ sid: "TableItems", actions: [...ITEM_READ_ACTIONS, ...ITEM_WRITE_ACTIONS], resources: [tableArn] }),
    new PolicyStatement({ sid: "TableQueries", actions: QUERY_ACTIONS, resources: [tableArn, ...indexArns(tableArn)] }),
  ];
}

/** Query one index and nothing else: notify's access, to find the active SUPER_ADMINs (gsi4). */
export function indexQuery(tableArn: string, index: IndexName): PolicyStatement {
  return new PolicyStatement({ sid: "IndexQuery", actions: QUERY_ACTIONS, resources: [`${tableArn}/index/${index}`] });
}

/**
 * DESIGN.md: audit items are never updated or deleted, and every function's policy denies it.
 * An explicit Deny wins over any Allow added later. (Overwriting with PutItem cannot be told apart
 * from creating by IAM; core writes audit items with attribute_not_exists.)
 */
export function auditAppendOnly(tableArn: string): PolicyStatement {
  return new PolicyStatement({
    sid: "AuditItemsAreAppendOnly",
    effect: Effect.DENY,
    actions: AUDIT_DENIED_ACTIONS,
    resources: [tableArn],
    conditions: { "ForAnyValue:StringEquals": { "dynamodb:LeadingKeys": [...AUDIT_PARTITIONS] } },
  });
}

/** Reading the table's stream, as the stream's event source mapping does it for its function. */
export function streamRead(tableArn: string, streamArn: string): PolicyStatement[] {
  return [
    new PolicyStatement({ sid: "StreamRecords", actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], resources: [streamArn] }),
    // AWS's own example scopes ListStreams to the table's streams, not `*`.
    new PolicyStatement({ sid: "StreamList", actions: ["dynamodb:ListStreams"], resources: [`${tableArn}/stream/*`] }),
  ];
}
