import { Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";
import type { Logger } from "@roster/core";

/** Core's logging port on Powertools: JSON lines with the Lambda request id, nothing else added. */
export function powertoolsLogger(serviceName: string): Logger & { raw: PowertoolsLogger } {
  const raw = new PowertoolsLogger({ serviceName });
  return {
    raw,
    info: (message, fields) => raw.info(message, { ...fields }),
    warn: (message, fields) => raw.warn(message, { ...fields }),
    error: (message, fields) => raw.error(message, { ...fields }),
  };
}
