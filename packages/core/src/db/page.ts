import { z } from "zod";
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
