import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});

describe("walking skeleton", () => {
  it("owner → invite → setup → sign-in → me", async () => {
    const owner = await h.owner();
    const me = await h.call("GET", "/v1/me", { token: owner.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: "SUPER_ADMIN", isOwner: true, status: "ACTIVE", memberships: [] });
    const op = await h.member(owner.accessToken, "op@example.com");
    const opMe = await h.call("GET", "/v1/me", { token: op.accessToken });
    expect(opMe.body.role).toBe("OPERATOR");
    expect(opMe.calls).toBeLessThanOrEqual(2);
  });
});
