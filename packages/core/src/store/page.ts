import { z } from "zod";
import { RequestError } from "../error";
import type { Db } from "./client";
import type { Decoder } from "./decode";
import { query, type QuerySpec } from "./read";

/** `?limit=&cursor=` of every list, and its answer `{ items, nextCursor }`. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50).meta({ description: "1–100, default 50." }),
  cursor: z.string().min(1).max(512).optional().meta({ description: "`nextCursor` of the previous page." }),
});

export type Page<T> = { items: T[]; nextCursor: string | null };

export const invalidCursor = () => RequestError.invalid("The cursor is not one this list returned.", [{ path: "cursor", message: "Invalid cursor." }]);

/**
 * A cursor carries only the sort key of the last item seen; the partition and index come from the
 * query itself. So a cursor cannot be bent to read another partition (another tenant's events):
 * at worst it points somewhere else in the same one.
 */
export function encodeCursor(sortKey: string): string {
  return Buffer.from(JSON.stringify({ s: sortKey })).toString("base64url");
}

const CursorShape = z.object({ s: z.string() });

export function decodeCursor(cursor: string, valid: RegExp): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    // Not base64 JSON at all: the same answer as a well-formed but foreign cursor.
  }
  const shape = CursorShape.safeParse(parsed);
  if (shape.success && valid.test(shape.data.s)) return shape.data.s;
  throw invalidCursor();
}

/** One Query, one page: the items decoded (and kept, when `keep` says so), and the cursor of the last key read. */
export async function queryPage<T>(
  db: Db,
  spec: QuerySpec,
  decode: Decoder<T>,
  cursorOf: (lastKey: Record<string, unknown>) => string,
  keep: (item: T) => boolean = () => true,
): Promise<Page<T>> {
  const { items, lastKey } = await query(db, spec, decode);
  return { items: items.filter(keep), nextCursor: lastKey ? encodeCursor(cursorOf(lastKey)) : null };
}

/** A string attribute of a key DynamoDB returned (`LastEvaluatedKey`): the sort key a cursor carries. */
export function keyString(key: Record<string, unknown>, name: string): string {
  const value = key[name];
  if (typeof value !== "string") throw new TypeError(`The key has no string ${name}.`);
  return value;
}
