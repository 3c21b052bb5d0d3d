import { TransactionCanceledException, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { DomainError } from "../error";
import type { Db } from "./client";

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/**
 * One write in a transaction, with the domain error its condition stands for. A transition is a
 * condition on the prior state; when it fails, the caller learns which invariant held, not that
 * "a transaction was cancelled".
 */
export type GuardedWrite = {
  write: TransactItem;
  /**
   * Explains a failed condition. When the write asks for `ReturnValuesOnConditionCheckFailure:
   * "ALL_OLD"`, it receives the item as it is now, so it can name the rule that now fails (the
   * target was deactivated meanwhile) rather than a generic conflict.
   */
  onConflict?: (current: Record<string, unknown> | undefined) => DomainError;
};

export const ConflictError = {
  /** Another transaction was changing the same items at that moment; nothing was written. */
  concurrent: () => new DomainError("request.conflict", "Another change to the same data was in progress. Nothing was changed: try again."),
};

export class UnexplainedConflict extends Error {
  override readonly name = "UnexplainedConflict";
}

/** All-or-nothing: the change and its audit event land together or not at all. One round trip. */
export async function transact(db: Db, writes: GuardedWrite[]): Promise<void> {
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: writes.map((w) => w.write) }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.findIndex((reason) => reason.Code === "ConditionalCheckFailed");
      const explain = failed >= 0 ? writes[failed]?.onConflict : undefined;
      if (explain) {
        const current = reasons[failed]?.Item;
        throw explain(current ? unmarshall(current as Record<string, AttributeValue>) : undefined);
      }
      if (reasons.some((reason) => reason.Code === "TransactionConflict")) throw ConflictError.concurrent();
      const codes = reasons.map((reason) => reason.Code ?? "None").join(",");
      throw new UnexplainedConflict(`Transaction cancelled without a domain explanation (${codes}).`, { cause: error });
    }
    throw error;
  }
}

/**
 * Explains a version-guarded update that failed: the item is gone (`notFound`), or `recheck` names
 * the rule the item as it is now breaks (deactivated meanwhile…), or else it merely `changed`.
 */
export function explainConflict<T>(
  current: T | undefined,
  recheck: (current: T) => void,
  errors: { notFound: () => DomainError; changed: () => DomainError },
): DomainError {
  if (!current) return errors.notFound();
  try {
    recheck(current);
  } catch (error) {
    return error as DomainError;
  }
  return errors.changed();
}

/** Shorthands that keep every write naming the table the same way. */
export const Write = {
  put: (db: Db, item: Record<string, unknown>, condition?: Condition): TransactItem => ({
    Put: { TableName: db.table, Item: item, ...condition },
  }),
  update: (db: Db, key: Record<string, unknown>, update: Update): TransactItem => ({
    Update: { TableName: db.table, Key: key, ...update },
  }),
  delete: (db: Db, key: Record<string, unknown>, condition?: Condition): TransactItem => ({
    Delete: { TableName: db.table, Key: key, ...condition },
  }),
  check: (db: Db, key: Record<string, unknown>, condition: Required<Pick<Condition, "ConditionExpression">> & Condition): TransactItem => ({
    ConditionCheck: { TableName: db.table, Key: key, ...condition },
  }),
  /**
   * Spends a single-use token's item: marked used at `now`, only if it exists, was never used and
   * has not expired. Of concurrent spends exactly one passes. `remove`: attributes that go with it.
   */
  spendOnce: (db: Db, key: Record<string, unknown>, now: string, remove: string[] = []): TransactItem =>
    Write.update(db, key, {
      UpdateExpression: `SET usedAt = :now${remove.length ? ` REMOVE ${remove.join(", ")}` : ""}`,
      ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAt > :now",
      ExpressionAttributeValues: { ":now": now },
    }),
};

export type Condition = {
  ConditionExpression?: string;
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
};
export type Update = Condition & { UpdateExpression: string };
