import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { isDomainError, RequestError, type DomainError } from "../error";
import type { Db } from "./client";
import { renderWrite, type Expr } from "./expression";
import type { Key } from "./keys";

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/**
 * One write of a transaction, with what its condition stands for. A transition is a condition on
 * the prior state; when it fails, `onConflict` says which rule held (it is given the item as it is
 * now when the write asked for it with `returnCurrent`), so the caller hears the rule, not that
 * "a transaction was cancelled": a DomainError for the caller, or an error of the caller's own
 * that it catches (a job's "done meanwhile"). A write without `onConflict` whose condition fails is a
 * `ConditionFailedError` naming the write: a state the code did not expect.
 */
export type GuardedWrite = {
  /** What the write does (`user.deactivate`), for a failure nobody explained. */
  name: string;
  write: TransactItem;
  onConflict?: (current: Record<string, unknown> | undefined) => Error;
};

/** A condition that failed where no rule explains it, carrying the item as it is now when known (as Powertools' idempotency errors carry the record). */
export class ConditionFailedError extends Error {
  override readonly name = "ConditionFailedError";
  constructor(
    readonly write: string,
    readonly current: Record<string, unknown> | undefined,
    options?: ErrorOptions,
  ) {
    super(`The condition of ${write} did not hold.`, options);
  }
}

export const isConditionFailed = (error: unknown, write?: string): error is ConditionFailedError =>
  error instanceof ConditionFailedError && (write === undefined || error.write === write);

type Guard = { condition?: Expr; onConflict?: GuardedWrite["onConflict"]; returnCurrent?: boolean };

const conditionOf = (guard: Guard) => ({
  ...renderWrite({ condition: guard.condition }),
  ...(guard.returnCurrent ? { ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const } : {}),
});

/** The writes of a transaction, built from expressions (see expression.ts). */
export const Write = {
  put: (db: Db, name: string, item: Record<string, unknown>, guard: Guard = {}): GuardedWrite => ({
    name,
    write: { Put: { TableName: db.table, Item: item, ...conditionOf(guard) } },
    onConflict: guard.onConflict,
  }),
  update: (db: Db, name: string, key: Key, change: Expr, guard: Guard = {}): GuardedWrite => {
    const { UpdateExpression, ...rest } = renderWrite({ update: change, condition: guard.condition });
    return {
      name,
      write: {
        Update: {
          TableName: db.table,
          Key: key,
          UpdateExpression: UpdateExpression ?? "",
          ...rest,
          ...(guard.returnCurrent ? { ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const } : {}),
        },
      },
      onConflict: guard.onConflict,
    };
  },
  delete: (db: Db, name: string, key: Key, guard: Guard = {}): GuardedWrite => ({
    name,
    write: { Delete: { TableName: db.table, Key: key, ...conditionOf(guard) } },
    onConflict: guard.onConflict,
  }),
  check: (db: Db, name: string, key: Key, guard: Guard & { condition: Expr }): GuardedWrite => {
    const { ConditionExpression, ...rest } = conditionOf(guard);
    return {
      name,
      write: { ConditionCheck: { TableName: db.table, Key: key, ConditionExpression: ConditionExpression ?? "", ...rest } },
      onConflict: guard.onConflict,
    };
  },
};

/** A transaction holds at most this many writes. */
export const MAX_TRANSACTION_WRITES = 100;

/** All-or-nothing: the change and its audit event land together or not at all. One round trip. */
export async function transact(db: Db, writes: GuardedWrite[]): Promise<void> {
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: writes.map((w) => w.write) }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    const failed = reasons.findIndex((reason) => reason.Code === "ConditionalCheckFailed");
    if (failed >= 0) {
      const item = reasons[failed]?.Item;
      const current = item ? unmarshall(item) : undefined;
      const write = writes[failed]!;
      if (write.onConflict) throw write.onConflict(current);
      throw new ConditionFailedError(write.name, current, { cause: error });
    }
    if (reasons.some((reason) => reason.Code === "TransactionConflict")) throw RequestError.conflict();
    throw error;
  }
}

/**
 * Explains a version-guarded write that failed: the item is gone (`notFound`), or `recheck` names
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
    if (isDomainError(error)) return error;
    throw error;
  }
  return errors.changed();
}
