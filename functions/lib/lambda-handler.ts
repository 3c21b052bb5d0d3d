import type { Context } from "aws-lambda";
import { powertoolsLogger, type PowertoolsLog } from "./powertools-logger";

export type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * A Lambda entry point. On the first invocation (the cold start) it makes the function's logger
 * and, from it, the handler: config is read then, once, not when the module is imported. Every
 * invocation first gives the logger its Lambda context, so each line carries
 * `function_request_id` (and cold_start, the function's name and ARN).
 *
 * That is what Powertools' `injectLambdaContext` does (`logger.addContext(context)`, after
 * refreshing the sampling decision); its Middy middleware would add @middy/core to every bundle,
 * and its method decorator wants handler classes and legacy TypeScript decorators. A failed
 * build is not kept: the next invocation tries again.
 */
export function lambdaHandler<E, R>(service: string, build: (log: PowertoolsLog) => Handler<E, R> | Promise<Handler<E, R>>): Handler<E, R> {
  let log: PowertoolsLog | undefined;
  let ready: Promise<Handler<E, R>> | undefined;
  return async (event, context) => {
    const logger = (log ??= powertoolsLogger(service));
    logger.raw.refreshSampleRateCalculation();
    logger.raw.addContext(context);
    ready ??= (async () => build(logger))().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return (await ready)(event, context);
  };
}
