import { Workspace } from "@roster/core";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, GOOD_PASSWORD, type Harness } from "../harness";
import { stepOf, totpAt } from "../totp";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});

const policy = async () => (await h.call("GET", "/v1/setup/password-policy")).body as { minLength: number; maxLength: number; minScore: number; mustNotContainEmail: boolean };

describe("GET /v1/setup/password-policy", () => {
  it("answers the rules of a new password to anyone, cacheable for five minutes", async () => {
    const res = await h.call("GET", "/v1/setup/password-policy");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(res.body).toEqual({ minLength: 12, maxLength: 128, minScore: 3, mustNotContainEmail: true });
    expect(res.calls).toBe(0);
  });

  it("is documented in the OpenAPI document with its schema and cache header", async () => {
    const doc = (await h.call("GET", "/openapi.json")).body;
    const ok = doc.paths["/v1/setup/password-policy"].get.responses["200"];
    expect(ok.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/PasswordPolicy" });
    expect(ok.headers["Cache-Control"]).toBeDefined();
    expect(doc.components.schemas.PasswordPolicy.required).toEqual(expect.arrayContaining(["minLength", "maxLength", "minScore", "mustNotContainEmail"]));
    // Public: no bearer token needed.
    expect(doc.paths["/v1/setup/password-policy"].get.security).toEqual([]);
  });

  it("tells what setup enforces: a password outside its lengths or containing the email is refused", async () => {
    const { minLength, maxLength } = await policy();
    const owner = await Workspace.ensureOwner(h.deps, "policy.owner@example.com");
    if (owner.state === "active") throw new Error("the harness table has an active owner");
    const token = h.tokenOf(owner.setupUrl);
    const { secret } = (await h.call("POST", "/v1/setup/totp", { body: { token } })).body as { secret: string };
    const complete = (password: string) =>
      h.call("POST", "/v1/setup/complete", { body: { token, displayName: "Owner", password, totpCode: totpAt(secret, stepOf(h.clock.now())) } });

    for (const password of [GOOD_PASSWORD.padEnd(minLength, "x").slice(0, minLength - 1), `${GOOD_PASSWORD} `.repeat(10).slice(0, maxLength + 1), `${GOOD_PASSWORD} policy.owner@example.com`]) {
      const refused = await complete(password);
      expect(refused.status, `${password.length} characters`).toBe(400);
      expect(JSON.stringify(refused.body.errors ?? [])).toContain("password");
    }
    expect((await complete(GOOD_PASSWORD)).status).toBe(200);
  });
});
