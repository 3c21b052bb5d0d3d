import { inject } from "vitest";

/**
 * The run's DynamoDB Local that this worker uses. DynamoDB Local answers one request at a time
 * (one core, however many clients wait), so the run starts one per pair of workers and each
 * worker keeps to its own: every table a file makes, and every client that reaches it, sit on
 * the same instance for the whole file.
 */
export function dynamoEndpoint(): string {
  const endpoints = inject("dynamoEndpoints");
  const worker = Number(process.env.VITEST_POOL_ID ?? "1");
  const endpoint = endpoints[(worker - 1) % endpoints.length];
  if (!endpoint) throw new Error("The global setup provided no DynamoDB Local endpoint");
  return endpoint;
}
