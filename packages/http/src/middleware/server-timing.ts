import { trackRoundTrips } from "@roster/core";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

/**
 * `Server-Timing: ddb;desc="calls=N";dur=MS, app;dur=MS`. N is the number of DynamoDB round trips
 * the request made (a BatchGet or a transaction is one): the budgets of the API are checked
 * against it.
 */
export const serverTiming = (enabled: boolean) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    const { counter, result } = trackRoundTrips(() => next());
    await result;
    if (enabled) {
      const app = performance.now() - started;
      c.header("Server-Timing", `ddb;desc="calls=${counter.calls}";dur=${counter.durationMs.toFixed(1)}, app;dur=${app.toFixed(1)}`);
    }
  });
