import { BatchGetItemCommand, GetItemCommand, QueryCommand, type AttributeValue, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { setTimeout as sleep } from "node:timers/promises";
import { ServiceError } from "../error";
import { fromItem, toAttributes } from "./attribute-values";
import type { Db } from "./client";
import type { Decoder } from "./decode";
import { render, type Expr } from "./expression";
import type { Key } from "./keys";
import type { IndexName } from "./table-definition";

/*
 * Reads send the SDK's low-level commands and convert what they answer with attribute-values.ts,
 * about a sixth of the document client's CPU per item: a team page is 50 of them.
 */

/** A read's expressions, their values as attribute values. */
function rendered(parts: Parameters<typeof render>[0]) {
  const { ExpressionAttributeValues, ...expressions } = render(parts);
  return ExpressionAttributeValues ? { ...expressions, ExpressionAttributeValues: toAttributes(ExpressionAttributeValues) } : expressions;
}

/** One item by key, strongly consistent unless asked otherwise: decisions are taken on the latest state. */
export async function getItem<T>(db: Db, key: Key, decode: Decoder<T>, options: { consistent?: boolean } = {}): Promise<T | undefined> {
  const { Item } = await db.client.send(new GetItemCommand({ TableName: db.table, Key: toAttributes(key), ConsistentRead: options.consistent ?? true }));
  return Item ? decode(fromItem(Item)) : undefined;
}

/** The items one batch read found, looked up by their key. */
export type ItemSet = {
  /** The item at `key`, decoded, or undefined when there is none. */
  get<T>(key: Key, decode: Decoder<T>): T | undefined;
};

/** Retries of keys DynamoDB left unprocessed (throttled), before the read counts as an outage. */
const UNPROCESSED_RETRIES = 2;
const RETRY_DELAY_MS = 25;
/** A BatchGetItem holds at most this many keys. */
const BATCH_GET_KEYS = 100;

/**
 * Items by key, strongly consistent: one round trip for up to 100 keys, and for more one per 100,
 * side by side. DynamoDB may leave keys unprocessed when throttled: those are asked again (each
 * retry a round trip of its own), and if they are still unprocessed the read is an outage (503),
 * never an absence, which would answer 401 or 404 for what exists.
 */
export async function batchGet(db: Db, keys: Key[]): Promise<ItemSet> {
  const chunks = Array.from({ length: Math.ceil(keys.length / BATCH_GET_KEYS) }, (_, i) => keys.slice(i * BATCH_GET_KEYS, (i + 1) * BATCH_GET_KEYS));
  const found = new Map<string, Record<string, unknown>>();
  for (const items of await Promise.all(chunks.map((chunk) => batchGetChunk(db, chunk)))) {
    for (const item of items) found.set(itemKey(item), item);
  }
  return {
    get: (key, decode) => {
      const item = found.get(itemKey(key));
      return item ? decode(item) : undefined;
    },
  };
}

const itemKey = (item: Record<string, unknown>) => `${String(item.pk)}\u0000${String(item.sk)}`;

async function batchGetChunk(db: Db, keys: Key[]): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  let pending: Record<string, AttributeValue>[] = keys.map(toAttributes);
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > UNPROCESSED_RETRIES) throw ServiceError.unavailable();
    if (attempt > 0) await sleep(RETRY_DELAY_MS * 2 ** (attempt - 1));
    const { Responses, UnprocessedKeys } = await db.client.send(new BatchGetItemCommand({ RequestItems: { [db.table]: { Keys: pending, ConsistentRead: true } } }));
    for (const item of Responses?.[db.table] ?? []) found.push(fromItem(item));
    pending = UnprocessedKeys?.[db.table]?.Keys ?? [];
  }
  return found;
}

export type QuerySpec = {
  /** The index to read, or the table itself when absent. */
  index?: IndexName;
  /** The key condition: the partition (and a sort-key range). */
  key: Expr;
  filter?: Expr;
  projection?: Expr;
  limit?: number;
  startKey?: Record<string, unknown>;
  descending?: boolean;
  /** Only the table (not an index) can be read strongly consistent. */
  consistent?: boolean;
  /** Capacity is reported in `consumedCapacity` (what a job reads is what it costs). */
  countCapacity?: boolean;
};

export type QueryResult<T> = { items: T[]; lastKey: Record<string, unknown> | undefined; consumedCapacity: number };

/** One Query, one page of decoded items (an item the decoder refuses is an error, not skipped). */
export async function query<T>(db: Db, spec: QuerySpec, decode: Decoder<T>): Promise<QueryResult<T>> {
  const input: QueryCommandInput = {
    TableName: db.table,
    IndexName: spec.index,
    ...rendered({ keyCondition: spec.key, filter: spec.filter, projection: spec.projection }),
    Limit: spec.limit,
    ExclusiveStartKey: spec.startKey && toAttributes(spec.startKey),
    ScanIndexForward: spec.descending ? false : undefined,
    ConsistentRead: spec.consistent,
    ReturnConsumedCapacity: spec.countCapacity ? "TOTAL" : undefined,
  };
  const result = await db.client.send(new QueryCommand(input));
  return {
    items: (result.Items ?? []).map((item) => decode(fromItem(item))),
    lastKey: result.LastEvaluatedKey && fromItem(result.LastEvaluatedKey),
    consumedCapacity: result.ConsumedCapacity?.CapacityUnits ?? 0,
  };
}

/** Every item a query reads, page after page: for jobs, which read what is due and nothing else. */
export async function* queryAll<T>(db: Db, spec: Omit<QuerySpec, "startKey">, decode: Decoder<T>, read?: { items: number; capacityUnits: number }): AsyncGenerator<T> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await query(db, { ...spec, startKey }, decode);
    if (read) {
      read.items += page.items.length;
      read.capacityUnits += page.consumedCapacity;
    }
    yield* page.items;
    startKey = page.lastKey;
  } while (startKey);
}

/**
 * How many items an index partition holds: a COUNT Query (it reads the index's keys and returns
 * none of them; one round trip per MB of index, a few thousand items each).
 */
export async function countPartition(db: Db, index: IndexName, key: Expr): Promise<number> {
  let total = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await db.client.send(
      new QueryCommand({ TableName: db.table, IndexName: index, ...rendered({ keyCondition: key }), Select: "COUNT", ExclusiveStartKey: startKey && toAttributes(startKey) }),
    );
    total += result.Count ?? 0;
    startKey = result.LastEvaluatedKey && fromItem(result.LastEvaluatedKey);
  } while (startKey);
  return total;
}

/**
 * The first `limit` items a Query finds that its filter keeps, page after page. DynamoDB's Limit
 * counts what a filter drops, so it is set only without one (then every item read is kept, and no
 * more are read than wanted).
 */
export async function readFirst<T>(db: Db, spec: Omit<QuerySpec, "startKey" | "limit">, decode: Decoder<T>, limit: number): Promise<T[]> {
  const found: T[] = [];
  if (limit <= 0) return found;
  for await (const item of queryAll(db, { ...spec, limit: spec.filter || !Number.isFinite(limit) ? undefined : limit }, decode)) {
    found.push(item);
    if (found.length >= limit) break;
  }
  return found;
}
