/**
 * How long Roster waits on one call to an AWS service (DynamoDB, SES, EventBridge) before it
 * counts as failed. Without it a stalled service (connections accepted, never answered) holds a
 * request until the Lambda times out: the SDK's own default is to wait forever.
 */
export type CallBudget = {
  /** The longest the TCP (and TLS) connection may take to open. */
  connectTimeoutMs: number;
  /** The longest one attempt may take from sending to the response's headers, and the longest a socket may sit idle after. */
  requestTimeoutMs: number;
  /** Attempts per call, counting the first: the SDK retries timeouts, dropped connections, 5xx and throttling. */
  maxAttempts: number;
};

/**
 * The defaults the README documents. DynamoDB, SES and EventBridge answer in tens of milliseconds,
 * so 2 s per attempt is only ever spent on a service that is away; two attempts ride out one
 * dropped connection. The worst case, 5 s (`worstCaseMs`), keeps an API request that meets a
 * stalled table well inside the api Lambda's 15 s and API Gateway's 30 s.
 */
export const DEFAULT_CALL_BUDGET: CallBudget = { connectTimeoutMs: 1000, requestTimeoutMs: 2000, maxAttempts: 2 };

/**
 * The longest the SDK's standard retry mode waits before retry n (n from 0): a jittered 1 s × 2^n
 * after throttling, 50 ms × 2^n after anything else, never more than 20 s.
 */
const backoffCapMs = (retry: number) => Math.min(1000 * 2 ** retry, 20_000);

/** The longest one SDK call can take under the budget: every attempt timing out, and the longest backoffs between them. */
export function worstCaseMs(budget: CallBudget): number {
  let total = budget.maxAttempts * budget.requestTimeoutMs;
  for (let retry = 0; retry < budget.maxAttempts - 1; retry++) total += backoffCapMs(retry);
  return total;
}

/** What an AWS SDK v3 client's constructor takes to keep to the budget. */
export function sdkCallConfig(budget: CallBudget) {
  return {
    maxAttempts: budget.maxAttempts,
    retryMode: "standard",
    // Options of @smithy/node-http-handler's NodeHttpHandler, which the client builds from them.
    requestHandler: {
      connectionTimeout: budget.connectTimeoutMs,
      requestTimeout: budget.requestTimeoutMs,
      // Without it the handler only logs a warning when requestTimeout passes, and keeps waiting.
      throwOnRequestTimeout: true,
      // requestTimeout ends at the response's headers: this catches a body that stops arriving.
      socketTimeout: budget.requestTimeoutMs,
    },
  };
}
