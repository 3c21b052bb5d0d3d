import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";

let h: Harness;
let admin: string;
beforeAll(async () => {
  h = await createHarness();
  admin = (await h.owner("owner@tenants.example")).accessToken;
});

describe("tenants and memberships", () => {
  it("creates a tenant, grants a contractor until an instant, and access ends exactly then", async () => {
    const created = await h.call("POST", "/v1/tenants", { token: admin, body: { slug: "acme-bank", name: "Acme Bank" } });
    expect(created.status).toBe(201);
    expect((await h.call("POST", "/v1/tenants", { token: admin, body: { slug: "acme-bank", name: "Again" } })).body.code).toBe("tenant.slug_taken");
    const contractor = await h.member(admin, "c@tenants.example", "CONTRACTOR");
    const none = await h.call("GET", "/v1/tenants/acme-bank", { token: contractor.accessToken });
    expect(none.status).toBe(404);
    expect(none.body.code).toBe("tenant.not_found");

    const noExpiry = await h.call("PUT", `/v1/tenants/acme-bank/memberships/${contractor.user.id}`, { token: admin, body: { role: "OPERATOR_FULL" } });
    expect(noExpiry.status).toBe(400);
    expect(noExpiry.body.code).toBe("membership.expiry_required");
    const mismatch = await h.call("PUT", `/v1/tenants/acme-bank/memberships/${contractor.user.id}`, { token: admin, body: { role: "CLIENT_ADMIN" } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.code).toBe("membership.role_mismatch");

    const expiresAt = new Date(h.clock.now().getTime() + 600_000).toISOString();
    const granted = await h.call("PUT", `/v1/tenants/acme-bank/memberships/${contractor.user.id}`, { token: admin, body: { role: "OPERATOR_READONLY", expiresAt } });
    expect(granted.status).toBe(201);
    expect(granted.calls).toBeLessThanOrEqual(3);
    const again = await h.call("PUT", `/v1/tenants/acme-bank/memberships/${contractor.user.id}`, { token: admin, body: { role: "OPERATOR_FULL", expiresAt } });
    expect(again.status).toBe(200);

    const portal = await h.call("GET", "/v1/portal/acme-bank", { token: contractor.accessToken });
    expect(portal.status).toBe(200);
    expect(portal.body.membership.role).toBe("OPERATOR_FULL");
    const me = await h.call("GET", "/v1/me", { token: contractor.accessToken });
    expect(me.body.memberships).toEqual([{ tenant: { slug: "acme-bank", name: "Acme Bank" }, role: "OPERATOR_FULL", expiresAt }]);
    expect(me.calls).toBeLessThanOrEqual(2);
    const list = await h.call("GET", "/v1/tenants/acme-bank/memberships", { token: contractor.accessToken });
    expect(list.status).toBe(200);
    expect(list.calls).toBeLessThanOrEqual(2);

    const saved = h.clock.now();
    h.clock.set(new Date(Date.parse(expiresAt) - 1));
    expect((await h.call("GET", "/v1/portal/acme-bank", { token: contractor.accessToken })).status).toBe(200);
    h.clock.set(expiresAt);
    expect((await h.call("GET", "/v1/portal/acme-bank", { token: contractor.accessToken })).status).toBe(404);
    expect((await h.call("GET", "/v1/me", { token: contractor.accessToken })).body.memberships).toEqual([]);
    h.clock.set(saved);

    const role = await h.call("PUT", `/v1/users/${contractor.user.id}/role`, { token: admin, body: { role: "CLIENT_USER" } });
    expect(role.status).toBe(409);
    expect(role.body.code).toBe("membership.role_mismatch");
    expect((await h.call("DELETE", `/v1/tenants/acme-bank/memberships/${contractor.user.id}`, { token: admin })).status).toBe(204);
    expect((await h.call("PUT", `/v1/users/${contractor.user.id}/role`, { token: admin, body: { role: "CLIENT_USER" } })).status).toBe(200);
  });

  it("a PUT without expiresAt keeps the membership's expiry; null clears it", async () => {
    expect((await h.call("POST", "/v1/tenants", { token: admin, body: { slug: "keep-expiry", name: "Keep Expiry" } })).status).toBe(201);
    const put = (userId: string, body: Record<string, unknown>) => h.call("PUT", `/v1/tenants/keep-expiry/memberships/${userId}`, { token: admin, body });
    const expiresAt = new Date(h.clock.now().getTime() + 7 * 86_400_000).toISOString();

    const contractor = await h.activeUser(admin, "keeps@tenants.example", "CONTRACTOR");
    expect((await put(contractor.id, { role: "OPERATOR_READONLY", expiresAt })).status).toBe(201);
    const changed = await put(contractor.id, { role: "OPERATOR_FULL" });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ role: "OPERATOR_FULL", expiresAt });
    const event = (await h.auditEvents()).find((e) => e.type === "MEMBERSHIP_UPDATED" && e.target.id === `keep-expiry/${contractor.id}`);
    expect(event.changes).toEqual({ role: { before: "OPERATOR_READONLY", after: "OPERATOR_FULL" } });
    // A contractor's expiry cannot be cleared.
    expect((await put(contractor.id, { role: "OPERATOR_FULL", expiresAt: null })).body.code).toBe("membership.expiry_required");

    const operator = await h.activeUser(admin, "clears@tenants.example", "OPERATOR");
    expect((await put(operator.id, { role: "OPERATOR_READONLY", expiresAt })).status).toBe(201);
    expect((await put(operator.id, { role: "OPERATOR_FULL" })).body.expiresAt).toBe(expiresAt);
    const cleared = await put(operator.id, { role: "OPERATOR_FULL", expiresAt: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.expiresAt).toBeNull();
    expect((await put(operator.id, { role: "OPERATOR_READONLY" })).body.expiresAt).toBeNull();
  });

  it("answers 404 tenant.not_found for the members of a tenant that does not exist, and pages to the end", async () => {
    const missing = await h.call("GET", "/v1/tenants/no-such-tenant/memberships", { token: admin });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("tenant.not_found");
    await h.call("POST", "/v1/tenants", { token: admin, body: { slug: "empty-co", name: "Empty" } });
    expect((await h.call("GET", "/v1/tenants/empty-co/memberships", { token: admin })).body).toEqual({ items: [], nextCursor: null });
  });

  it("removing a user removes their memberships with them", async () => {
    await h.call("POST", "/v1/tenants", { token: admin, body: { slug: "globex", name: "Globex" } });
    const op = await h.member(admin, "op@tenants.example", "OPERATOR");
    expect((await h.call("PUT", `/v1/tenants/globex/memberships/${op.user.id}`, { token: admin, body: { role: "OPERATOR_FULL" } })).status).toBe(201);
    expect((await h.call("GET", "/v1/tenants/globex/memberships", { token: admin })).body.items).toHaveLength(1);
    expect((await h.call("DELETE", `/v1/users/${op.user.id}`, { token: admin })).status).toBe(204);
    expect((await h.call("GET", "/v1/tenants/globex/memberships", { token: admin })).body.items).toEqual([]);
    expect((await h.call("GET", `/v1/memberships?userId=${op.user.id}`, { token: admin })).body.items).toEqual([]);
  });

  it("copies the invitee's name into memberships granted before setup", async () => {
    await h.call("POST", "/v1/tenants", { token: admin, body: { slug: "initech", name: "Initech" } });
    const invited = await h.call("POST", "/v1/users", { token: admin, body: { email: "late@tenants.example", role: "OPERATOR" } });
    const userId = invited.body.user.id;
    expect((await h.call("PUT", `/v1/tenants/initech/memberships/${userId}`, { token: admin, body: { role: "OPERATOR_READONLY" } })).status).toBe(201);
    expect((await h.call("GET", "/v1/tenants/initech/memberships", { token: admin })).body.items[0].user.displayName).toBeNull();
    await h.completeSetup(invited.body.setupUrl, "Late Joiner");
    expect((await h.call("GET", "/v1/tenants/initech/memberships", { token: admin })).body.items[0].user.displayName).toBe("Late Joiner");
  });
});
