import { describe, expect, it } from "vitest";
import { readLocalConfig } from "./local-config";

describe("readLocalConfig", () => {
  it("lets a backend on this machine serve its JWKS over loopback, unless told otherwise", () => {
    expect(readLocalConfig({}).env.ROSTER_ALLOW_LOOPBACK_FETCH).toBe("on");
    expect(readLocalConfig({ ROSTER_ALLOW_LOOPBACK_FETCH: "off" }).env.ROSTER_ALLOW_LOOPBACK_FETCH).toBe("off");
  });
});
