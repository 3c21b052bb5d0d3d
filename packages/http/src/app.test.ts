import { readSettings } from "@roster/core";
import { describe, expect, it } from "vitest";
import { createApp, PARTS } from "./app";
import { unconnectedDeps } from "../../../scripts/unconnected-deps";
import type { Frame } from "./frame";

/*
 * The app's parts load on first use and the front sends a request to the part whose paths it is
 * in (app.ts). A route added under a path no part claims, or that two parts claim, would be
 * unreachable; these read every route each part registers and check it lands in its own part.
 */

const frame: Frame = {
  deps: await unconnectedDeps(readSettings({ ROSTER_PUBLIC_URL: "https://roster.test" })),
  options: { clientIp: () => null },
};

/** A request path a route pattern matches: each parameter and wildcard filled in. */
const pathFor = (pattern: string) => pattern.replace(/:[^/]+|\{[^/]+\}/g, "x").replace(/\*/g, "x");

describe("the app's parts", () => {
  for (const [name, part] of Object.entries(PARTS)) {
    it(`${name}: every route it registers is a path it serves, and no other part does`, async () => {
      const app = await part.load(frame);
      // "*" is the frame's middleware, on every part. /health is documented with the API's routes
      // but answered by the part the app starts with (the last test).
      const paths = [...new Set(app.routes.map((route) => route.path).filter((path) => path !== "/*" && path !== "*" && path !== "/health"))];
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths.map(pathFor)) {
        const servedBy = Object.entries(PARTS).filter(([, other]) => other.serves(path)).map(([other]) => other);
        expect(servedBy, path).toEqual([name]);
      }
    });
  }

  it("leaves /health to the part the app starts with, and answers it there", async () => {
    expect(Object.values(PARTS).some((part) => part.serves("/health"))).toBe(false);
    const response = await createApp(frame.deps, frame.options).request("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});
