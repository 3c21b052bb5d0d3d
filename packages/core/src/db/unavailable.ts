/**
 * Tells a storage outage (connection refused, DNS, timeouts, AWS-side 5xx or throttling after the
 * SDK's retries) from a bug, so the API can answer 503 for the first and 500 for the second.
 */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH"]);
const SERVICE_NAMES = new Set([
  "TimeoutError",
  "RequestTimeout",
  "ServiceUnavailable",
  "InternalServerError",
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
]);

export function isStorageUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: string; name?: string; errors?: unknown[]; cause?: unknown; $metadata?: { httpStatusCode?: number } };
    if (candidate.code && NETWORK_CODES.has(candidate.code)) return true;
    if (candidate.name && SERVICE_NAMES.has(candidate.name)) return true;
    if ((candidate.$metadata?.httpStatusCode ?? 0) >= 500) return true;
    if (Array.isArray(candidate.errors) && candidate.errors.some(isStorageUnavailable)) return true;
    current = candidate.cause;
  }
  return false;
}
