import { Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";
import type { Logger } from "@roster/core";

/** Core's logging port on Powertools, with the Powertools logger itself for the Lambda context. */
export type PowertoolsLog = Logger & { raw: PowertoolsLogger };

/**
 * JSON lines, one per call, with the service name. The Lambda request id (`function_request_id`)
 * and the rest of the invocation's context come from lambda-handler.ts, which hands each
 * invocation's context to `raw` before the handler runs.
 */
export function powertoolsLogger(serviceName: string): PowertoolsLog {
  const raw = new PowertoolsLogger({ serviceName });
  return {
    raw,
    info: (message, fields) => raw.info(message, { ...fields }),
    warn: (message, fields) => raw.warn(message, { ...fields }),
    error: (message, fields) => raw.error(message, { ...fields }),
  };
}
