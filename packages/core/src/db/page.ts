import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import type { Db } from "./client";
import { DomainError } from "../error";

/** `?limit=&cursor=` of every list, and its answer `{ items, nextCursor }`. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50).meta({ description: "1–100, default 50." }),
  cursor: z.string().min(1).max(512).optional().meta({ description: "`nextCursor` of the previous page." }),
});

export type Page<T> = { items: T[]; nextCursor: string | null };

export const PageError = {
  invalidCursor: () =>
    new DomainError("request.invalid", "The cursor is not one this list returned.", { errors: [{ path: "cursor", message: "Invalid cursor." }] }),
};

/**
 * A cursor carries only the sort key of the last item seen; the partition and index come from the
 * query itself. So a cursor cannot be bent to read another partition (another tenant's events):
 * at worst it points somewhere else in the same one.
 */
export function encodeCursor(sortKey: string): string {
  return Buffer.from(JSON.stringify({ s: sortKey })).toString("base64url");
}

export function decodeCursor(cursor: string, valid: RegExp): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { s?: unknown };
    if (typeof parsed.s === "string" && valid.test(parsed.s)) return parsed.s;
  } catch {
    // Not base64 JSON at all: the same answer as a well-formed but foreign cursor.
  }
  throw PageError.invalidCursor();
}

/** One Query, one page: the items mapped, and the cursor of the last key read (null at the end). */
export async function queryPage<T>(
  db: Db,
  input: Omit<QueryCommandInput, "TableName">,
  toItem: (item: Record<string, unknown>) => T | undefined,
  cursorOf: (lastKey: Record<string, string>) => string,
): Promise<Page<T>> {
  const result = await db.doc.send(new QueryCommand({ ...input, TableName: db.table }));
  const lastKey = result.LastEvaluatedKey as Record<string, string> | undefined;
  return {
    items: (result.Items ?? []).map(toItem).filter((item): item is T => item !== undefined),
    nextCursor: lastKey ? encodeCursor(cursorOf(lastKey)) : null,
  };
}
