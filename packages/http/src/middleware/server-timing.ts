import { trackRoundTrips } from "@roster/core/start";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { setAnswerHeader } from "./answer-header";

/**
 * `Server-Timing: ddb;desc="calls=N";dur=MS, app;dur=MS`. N is the number of DynamoDB round trips
 * the request made (a BatchGet or a transaction is one): the budgets of the API are checked
 * against it.
 *
 * Not Hono's timing middleware: its setMetric writes `name;dur=MS;desc="…"` (the description
 * after the duration) and joins metrics with "," alone, so it cannot write this documented form,
 * which clients and the tests parse. What it would add (timers around a handler's steps) Roster
 * does not use: the one measure besides the total is the DynamoDB counter, kept per request in
 * async-local storage by core.
 */
export const serverTiming = (enabled: boolean) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    const { counter, result } = trackRoundTrips(() => next());
    await result;
    if (enabled) {
      const app = performance.now() - started;
      setAnswerHeader(c, "Server-Timing", `ddb;desc="calls=${counter.calls}";dur=${counter.durationMs.toFixed(1)}, app;dur=${app.toFixed(1)}`);
    }
  });
