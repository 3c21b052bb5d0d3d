import type { z } from "zod";

/** Turns an item as DynamoDB returned it into its type, or says it is not one. */
export type Decoder<T> = (item: Record<string, unknown>) => T;

/** An item that does not have the shape its key promises: written by a bug or by hand, never trusted. */
export class CorruptItemError extends Error {
  override readonly name = "CorruptItemError";
  constructor(
    readonly entity: string,
    readonly issues: string,
  ) {
    super(`A stored ${entity} does not have its shape: ${issues}`);
  }
}

/**
 * The decoder of an entity's items, from the zod schema of its attributes. Every read goes through
 * one, so no code casts what DynamoDB returned to the type it hopes for.
 */
export function decoder<S extends z.ZodType>(entity: string, schema: S): Decoder<z.output<S>> {
  return (item) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) throw new CorruptItemError(entity, parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
    return parsed.data;
  };
}
