import type { Context } from "hono";

/**
 * Liveness: 200 while the service answers. The app answers it from the part it starts with (app.ts),
 * without loading the API's schemas; the System router documents it, with this same handler.
 */
export const healthy = (c: Context) => c.json({ status: "ok" as const }, 200);
