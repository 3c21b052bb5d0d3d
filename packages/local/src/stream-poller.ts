import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
  type Shard,
  type ShardIteratorType,
} from "@aws-sdk/client-dynamodb-streams";
import { DEFAULT_CALL_BUDGET, describeError, sdkCallConfig, type CallBudget, type Logger } from "@roster/core";
import type { DynamoDBRecord } from "aws-lambda";
import { localAws } from "./local-aws";
import { LocalRuntimeError } from "./local-runtime-error";
import { readCheckpoint, writeCheckpoint } from "./stream-checkpoint";

export type StreamHandler = (records: DynamoDBRecord[]) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

export type StreamPollerOptions = {
  /** DynamoDB Local's endpoint; the streams API is served on the same port. */
  endpoint: string;
  table: string;
  /** Gets each batch as Lambda's event source mapping would deliver it (publishAuditRecords). */
  handle: StreamHandler;
  log: Logger;
  intervalMs?: number;
  /** Timeouts and attempts of each stream call: a stalled DynamoDB Local fails a poll, which is retried from the checkpoint. */
  calls?: CallBudget;
  /**
   * Where each shard's last handled sequence number is kept, so that a restarted process resumes
   * after it instead of at LATEST (which would lose what was written while it was down).
   */
  checkpointFile?: string;
};

export type StreamPoller = { stop(): Promise<void> };

/** Where to (re)start reading a shard when it has no live iterator. */
export type Position = { type: "LATEST" | "TRIM_HORIZON" } | { type: "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER"; sequenceNumber: string };
type ShardState = { id: string; parentId?: string; position: Position; iterator?: string; done: boolean };

const DESCRIBE_EVERY_MS = 10_000;
const MAX_BACKOFF_MS = 10_000;
/** Errors after which the iterator is useless and is fetched again from the shard's position. */
const ITERATOR_ERRORS = new Set(["ExpiredIteratorException", "TrimmedDataAccessException", "ValidationException"]);

/**
 * The local runtime's stand-in for Lambda's stream event source mapping: polls the table's stream
 * on DynamoDB Local and hands each batch of records to `handle`, shard by shard, in order, a
 * parent shard before its children. With a checkpoint file, a restarted process resumes each shard
 * after the last record it handled, as the event source mapping does: what was written while it
 * was down is delivered, and old events (whose mails went out when they happened) are not replayed.
 * Without one, or for another stream, shards open at start are read from LATEST; shards that appear
 * later are read from TRIM_HORIZON. A batch item failure makes the shard
 * resume at that record on the next poll, as Lambda does with ReportBatchItemFailures. Errors are
 * logged and retried with backoff: the API keeps serving even when the fan-out cannot.
 */
export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const intervalMs = options.intervalMs ?? 500;
  const calls = sdkCallConfig(options.calls ?? DEFAULT_CALL_BUDGET);
  const dynamo = new DynamoDBClient({ endpoint: options.endpoint, ...localAws(), ...calls });
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, ...localAws(), ...calls });
  const abort = new AbortController();
  const send = { abortSignal: abort.signal };
  const log = options.log;

  let streamArn = "";
  const shards = new Map<string, ShardState>();
  let nextDescribeAt = 0;
  try {
    streamArn = await latestStreamArn();
    const saved = readCheckpoint(options.checkpointFile, log);
    if (saved?.streamArn === streamArn) {
      // Resuming: every shard not finished before is read from where it was left, and shards
      // that appeared meanwhile from their start.
      await refreshShards("TRIM_HORIZON");
      for (const shard of shards.values()) {
        const kept = saved.shards[shard.id];
        if (kept?.done) shard.done = true;
        // LATEST was resolved by the lost iterator; reading from the start repeats rather than loses.
        else if (kept && kept.position.type !== "LATEST") shard.position = kept.position;
      }
    } else {
      await refreshShards("LATEST");
    }
    // LATEST is resolved when the iterator is made, so make them now: a write that lands after
    // start() resolved is then always read, never skipped by a first poll that came later.
    for (const shard of shards.values()) if (!shard.done) shard.iterator = await iteratorAt(shard);
  } catch (error) {
    dynamo.destroy();
    streams.destroy();
    throw error;
  }

  let stopped = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      try {
        await poll();
        failures = 0;
      } catch (error) {
        if (stopped) break;
        failures += 1;
        log.warn("Polling the table's stream failed; retrying", { ...describeError(error), failures });
        if (isNamed(error, "ResourceNotFoundException")) await recoverStream();
      }
      if (!stopped) await pause(failures === 0 ? intervalMs : Math.min(intervalMs * 2 ** failures, MAX_BACKOFF_MS));
    }
  })();

  async function latestStreamArn(): Promise<string> {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: options.table }), send);
    if (!Table?.LatestStreamArn || !Table.StreamSpecification?.StreamEnabled) {
      throw new LocalRuntimeError(`Table ${options.table} has no stream: run ensureTable first.`);
    }
    return Table.LatestStreamArn;
  }

  /** The table was deleted or recreated: follow its new stream from its first record. */
  async function recoverStream() {
    try {
      const arn = await latestStreamArn();
      if (arn === streamArn) return;
      streamArn = arn;
      shards.clear();
      await refreshShards("TRIM_HORIZON");
    } catch (error) {
      if (!stopped) log.warn("The table's stream is not available", describeError(error));
    }
  }

  async function describeShards(): Promise<Shard[]> {
    const all: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
        send,
      );
      all.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return all;
  }

  /** Adds shards not seen before; at start, closed shards are history and open ones start at LATEST. */
  async function refreshShards(newShardsFrom: "LATEST" | "TRIM_HORIZON") {
    const current = await describeShards();
    const ids = new Set(current.map((shard) => shard.ShardId));
    for (const shard of current) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      const closed = newShardsFrom === "LATEST" && shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      shards.set(shard.ShardId, { id: shard.ShardId, parentId: shard.ParentShardId, position: { type: newShardsFrom }, done: closed });
    }
    // Shards trimmed from the stream (24 h) are no longer listed; forget the finished ones.
    for (const [id, shard] of shards) if (shard.done && !ids.has(id)) shards.delete(id);
    nextDescribeAt = Date.now() + DESCRIBE_EVERY_MS;
  }

  async function poll() {
    if (Date.now() >= nextDescribeAt) await refreshShards("TRIM_HORIZON");
    for (const shard of shards.values()) {
      if (stopped) return;
      const parent = shard.parentId ? shards.get(shard.parentId) : undefined;
      if (shard.done || (parent && !parent.done)) continue;
      await pollShard(shard);
    }
  }

  async function pollShard(shard: ShardState) {
    shard.iterator ??= await iteratorAt(shard);
    if (!shard.iterator) {
      // No iterator for a position: the shard is closed and there is nothing left to read in it.
      shard.done = true;
      nextDescribeAt = 0;
      return;
    }
    let response;
    try {
      response = await streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 1000 }), send);
    } catch (error) {
      if (ITERATOR_ERRORS.has((error as Error).name)) {
        shard.iterator = undefined;
        if (isNamed(error, "TrimmedDataAccessException")) shard.position = { type: "TRIM_HORIZON" };
      }
      throw error;
    }
    const records = response.Records ?? [];
    if (records.length > 0) {
      const result = await handleSafely(records.map((record) => toLambdaRecord(record, streamArn)));
      const failedAt = result.batchItemFailures[0]?.itemIdentifier || records[0]?.dynamodb?.SequenceNumber;
      if (result.batchItemFailures.length > 0 && failedAt) {
        // Like Lambda: the batch is retried from the record that failed, after a pause.
        shard.position = { type: "AT_SEQUENCE_NUMBER", sequenceNumber: failedAt };
        shard.iterator = undefined;
        throw new Error("The stream handler reported a failed record.");
      }
      const last = records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) shard.position = { type: "AFTER_SEQUENCE_NUMBER", sequenceNumber: last };
    }
    shard.iterator = response.NextShardIterator;
    if (!shard.iterator) {
      // The shard is closed and read to its end: its children (if any) are next.
      shard.done = true;
      nextDescribeAt = 0;
    }
    if (records.length > 0 || shard.done) saveCheckpoint();
  }

  /** Written after the handler succeeded: a kill between the two repeats a batch, never skips one. */
  function saveCheckpoint() {
    if (options.checkpointFile) writeCheckpoint(options.checkpointFile, streamArn, shards.values());
  }

  /** A handler that throws is a failure of the whole batch, as in Lambda. */
  async function handleSafely(records: DynamoDBRecord[]) {
    try {
      return await options.handle(records);
    } catch (error) {
      log.error("The stream handler failed", describeError(error));
      return { batchItemFailures: [{ itemIdentifier: "" }] };
    }
  }

  async function iteratorAt(shard: ShardState): Promise<string | undefined> {
    const position = shard.position;
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.id,
        ShardIteratorType: position.type as ShardIteratorType,
        SequenceNumber: "sequenceNumber" in position ? position.sequenceNumber : undefined,
      }),
      send,
    );
    return ShardIterator;
  }

  return {
    async stop() {
      // Synchronous first (registerChild's contract): no poll starts after this line.
      stopped = true;
      abort.abort();
      wake?.();
      await loop;
      dynamo.destroy();
      streams.destroy();
    },
  };
}

const isNamed = (error: unknown, name: string) => error instanceof Error && error.name === name;

/** A record as Lambda delivers it: the Streams API's shape with the creation time in epoch seconds. */
function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource,
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: change && {
      ApproximateCreationDateTime: change.ApproximateCreationDateTime ? change.ApproximateCreationDateTime.getTime() / 1000 : undefined,
      // The attribute value types differ only for binaries (bytes here, base64 in Lambda's JSON).
      Keys: change.Keys as NonNullable<DynamoDBRecord["dynamodb"]>["Keys"],
      NewImage: change.NewImage as NonNullable<DynamoDBRecord["dynamodb"]>["NewImage"],
      OldImage: change.OldImage as NonNullable<DynamoDBRecord["dynamodb"]>["OldImage"],
      SequenceNumber: change.SequenceNumber,
      SizeBytes: change.SizeBytes,
      StreamViewType: change.StreamViewType,
    },
  };
}
