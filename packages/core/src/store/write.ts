import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Db } from "./client";
import { renderWrite, type Expr } from "./expression";
import type { Key } from "./keys";
import { ConditionFailedError } from "./transact";

/*
 * Single writes, outside any transaction: what changes one item and records nothing (a pending
 * TOTP secret, a token's last use, a throttle count). A failed condition is a ConditionFailedError
 * naming the write and carrying the item as it is now.
 */

async function conditional<T>(name: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const item = error.Item ? unmarshall(error.Item) : undefined;
    throw new ConditionFailedError(name, item, { cause: error });
  }
}

export const putItem = (db: Db, name: string, item: Record<string, unknown>, condition?: Expr) =>
  conditional(name, () => db.doc.send(new PutCommand({ TableName: db.table, Item: item, ...renderWrite({ condition }), ReturnValuesOnConditionCheckFailure: "ALL_OLD" })));

/** The attributes the update set, as they are after it (`ReturnValues: UPDATED_NEW`). */
export async function updateItem(db: Db, name: string, key: Key, change: Expr, condition?: Expr): Promise<Record<string, unknown>> {
  const { Attributes } = await conditional(name, () =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: key,
        ...renderWrite({ update: change, condition }),
        ReturnValues: "UPDATED_NEW",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    ),
  );
  return Attributes ?? {};
}

export const deleteItem = (db: Db, name: string, key: Key, condition?: Expr) =>
  conditional(name, () => db.doc.send(new DeleteCommand({ TableName: db.table, Key: key, ...renderWrite({ condition }), ReturnValuesOnConditionCheckFailure: "ALL_OLD" })));
