/**
 * Tells a storage outage (connection refused or reset, DNS, timeouts of a stalled service, aborted
 * calls, AWS-side 5xx or throttling after the SDK's retries) from a bug, so the API can answer 503
 * for the first and 500 for the second.
 */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
]);
const SERVICE_NAMES = new Set([
  // The call budget ran out (call-budget.ts): connecting, waiting for the answer, or a socket gone quiet.
  "TimeoutError",
  // The call was abandoned before it was answered (an abort signal): its outcome is not known.
  "AbortError",
  // A transaction retried after a timeout while the first attempt still runs: the outcome is not known yet.
  "TransactionInProgressException",
  "RequestTimeout",
  "ServiceUnavailable",
  "InternalServerError",
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
]);

export function isStorageUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; isObject(current) && depth < 5; depth++) {
    const { code, name, errors, cause, $metadata: metadata } = current;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
    if (typeof name === "string" && SERVICE_NAMES.has(name)) return true;
    if (isObject(metadata) && typeof metadata.httpStatusCode === "number" && metadata.httpStatusCode >= 500) return true;
    if (Array.isArray(errors) && errors.some(isStorageUnavailable)) return true;
    current = cause;
  }
  return false;
}

/** Errors arrive as anything: their fields are read only once they are known to be there. */
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
