import { describeError, type Logger } from "@roster/core";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Position } from "./stream-poller";

/**
 * Where the stream poller was, shard by shard, kept in the data directory: a restarted `npm start`
 * resumes after the last record it handled instead of at LATEST, which would lose what was written
 * while it was down.
 */
type Checkpoint = { streamArn: string; shards: Record<string, { position: Position; done: boolean }> };

const isCheckpoint = (value: unknown): value is Checkpoint =>
  typeof value === "object" && value !== null && "streamArn" in value && typeof value.streamArn === "string" && "shards" in value && typeof value.shards === "object";

/** None yet (a first start), or one that cannot be read: the poller then starts at LATEST, and says why. */
export function readCheckpoint(file: string | undefined, log: Logger): Checkpoint | undefined {
  if (!file) return undefined;
  try {
    const kept: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (isCheckpoint(kept)) return kept;
    log.warn("stream checkpoint not understood; reading from LATEST", { file });
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "ENOENT")) log.warn("stream checkpoint unreadable; reading from LATEST", describeError(error));
  }
  return undefined;
}

export function writeCheckpoint(file: string, streamArn: string, shards: Iterable<{ id: string; position: Position; done: boolean }>): void {
  const kept: Checkpoint = { streamArn, shards: {} };
  for (const shard of shards) kept.shards[shard.id] = { position: shard.position, done: shard.done };
  // Through a rename, so a kill mid-write leaves the previous checkpoint whole.
  writeFileSync(`${file}.tmp`, JSON.stringify(kept));
  renameSync(`${file}.tmp`, file);
}
