type Expressions = { UpdateExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> };

/**
 * A write's update expression with its placeholders filled in (`ADD sessionEpoch 1`), so a test can
 * say what was written without knowing which placeholder the store gave each name and value.
 */
export function spelledOut(write: Expressions | undefined): string {
  if (!write?.UpdateExpression) return "";
  return write.UpdateExpression.replace(/#n\d+/g, (name) => write.ExpressionAttributeNames?.[name] ?? name).replace(/:v\d+/g, (value) =>
    JSON.stringify(write.ExpressionAttributeValues?.[value]),
  );
}
