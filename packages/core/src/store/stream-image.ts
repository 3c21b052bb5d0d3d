import type { AttributeValue } from "aws-lambda";

/**
 * An item as a DynamoDB stream record carries it (`NewImage`), as plain values: what the outbox
 * relay reads an audit event from. Lambda's attribute values are those of the table's items;
 * numbers come back as numbers (Roster stores none beyond 2^53) and binaries, which Roster's items
 * hold none of, are refused rather than guessed at.
 */
export function fromStreamImage(image: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, fromAttribute(value)]));
}

function fromAttribute(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.M !== undefined) return fromStreamImage(value.M);
  if (value.L !== undefined) return value.L.map(fromAttribute);
  if (value.SS !== undefined) return new Set(value.SS);
  if (value.NS !== undefined) return new Set(value.NS.map(Number));
  throw new TypeError(`A stream image holds an attribute value Roster does not store: ${Object.keys(value).join(", ")}.`);
}
