import { Sso } from "@roster/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, type OidcProvider } from "../fixtures/oidc-provider";
import { createHarness, csrfIn, type Harness } from "../harness";
import { auditEvents } from "../fixtures/observe";
import { FIXTURE_CONTEXT } from "../fixtures/people";

/** `/console/sso` and the sign-in page's way into single sign-on, by form. */
let h: Harness;
let op: OidcProvider;
let ownerToken: string;

beforeAll(async () => {
  h = await createHarness({ env: { ROSTER_ALLOW_LOOPBACK_FETCH: "on" } });
  op = await startOidcProvider();
  ownerToken = (await h.owner("owner@console-sso.example")).accessToken;
  await h.createTenant(ownerToken, "acme-bank");
});
afterAll(() => op?.stop());

const flashOf = (res: { headers: Headers }) => decodeURIComponent(/__Host-roster_flash=([^;]*)/.exec(res.headers.get("set-cookie") ?? "")?.[1] ?? "");

async function signedIn(email: string, role: string) {
  const person = await h.member(ownerToken, email, role);
  const cookie = await h.consoleCookie(person.email, person.secret);
  const page = await h.call("GET", "/console/sso", { cookie });
  return { ...person, cookie, csrf: csrfIn(String(page.body)) ?? "", page };
}

const form = (overrides: Record<string, string> = {}) => ({
  issuer: op.issuer,
  clientId: op.clientId,
  clientSecret: op.clientSecret,
  groupsClaim: "groups",
  roles: "roster-admins, SUPER_ADMIN\nops, operator",
  memberships: "ops, acme-bank, OPERATOR_FULL",
  ...overrides,
});

describe("the SSO page", () => {
  it("sets up, shows, changes and removes single sign-on for a SUPER_ADMIN, each change on the audit trail", async () => {
    const admin = await signedIn("admin@console-sso.example", "SUPER_ADMIN");
    expect(admin.page.status).toBe(200);
    expect(admin.page.body).toContain("Not set up");
    expect(admin.page.body).toContain("Set up single sign-on");

    const saved = await h.call("POST", "/console/sso", { cookie: admin.cookie, form: { _csrf: admin.csrf, ...form(), enforced: "on" } });
    expect(saved.status).toBe(303);
    expect(flashOf(saved)).toContain("Single sign-on saved.");
    const config = await Sso.get(h.deps, await h.principalOf(ownerToken));
    expect(config).toMatchObject({
      issuer: op.issuer,
      clientId: op.clientId,
      clientSecretSet: true,
      enforced: true,
      roles: [
        { group: "roster-admins", role: "SUPER_ADMIN" },
        { group: "ops", role: "OPERATOR" },
      ],
      memberships: [{ group: "ops", tenant: "acme-bank", role: "OPERATOR_FULL" }],
    });

    // The page shows the stored mapping as lines, the redirect URI to register, never the secret.
    const page = await h.call("GET", "/console/sso", { cookie: admin.cookie });
    expect(page.body).toContain(config.redirectUri);
    expect(page.body).toContain("ops, acme-bank, OPERATOR_FULL");
    expect(page.body).not.toContain(op.clientSecret);
    expect(page.body).toContain("Leave empty to keep the stored secret.");

    // An empty secret keeps the stored one; unticked Enforce turns enforcement off.
    const changed = await h.call("POST", "/console/sso", { cookie: admin.cookie, form: { _csrf: admin.csrf, ...form({ clientSecret: "" }) } });
    expect(changed.status).toBe(303);
    expect(await Sso.get(h.deps, await h.principalOf(ownerToken))).toMatchObject({ clientSecretSet: true, enforced: false });

    const removed = await h.call("POST", "/console/sso/remove", { cookie: admin.cookie, form: { _csrf: admin.csrf } });
    expect(removed.status).toBe(303);
    expect(flashOf(removed)).toContain("Single sign-on removed.");
    const types = (await auditEvents(h.deps)).map((event) => event.type);
    expect(types.filter((type) => type === "SSO_CONFIGURED")).toHaveLength(2);
    expect(types).toContain("SSO_REMOVED");
  });

  it("says what is wrong beside the field, keeping what was typed, and saves nothing", async () => {
    const admin = await signedIn("refused@console-sso.example", "SUPER_ADMIN");
    const badLine = await h.call("POST", "/console/sso", { cookie: admin.cookie, form: { _csrf: admin.csrf, ...form({ roles: "just-a-group" }) } });
    expect(badLine.status).toBe(400);
    expect(badLine.body).toMatch(/id="field-roles-error"[^>]*>Line 1 \(&quot;just-a-group&quot;\) is not &quot;group, ROLE&quot;/);
    expect(badLine.body).toContain(op.issuer);

    const unknownTenant = await h.call("POST", "/console/sso", { cookie: admin.cookie, form: { _csrf: admin.csrf, ...form({ memberships: "ops, no-such-tenant, OPERATOR_FULL" }) } });
    expect(unknownTenant.status).toBe(400);
    expect(unknownTenant.body).toMatch(/id="field-memberships-error"/);

    const badRole = await h.call("POST", "/console/sso", { cookie: admin.cookie, form: { _csrf: admin.csrf, ...form({ roles: "ops, WIZARD" }) } });
    expect(badRole.status).toBe(400);
    expect(badRole.body).toMatch(/id="field-roles-error"/);

    const unreachable = await h.call("POST", "/console/sso", { cookie: admin.cookie, form: { _csrf: admin.csrf, ...form({ issuer: "http://127.0.0.1:9/" }) } });
    expect(unreachable.status).toBe(400);
    expect(unreachable.body).toContain('id="field-issuer"');
    await expect(Sso.get(h.deps, await h.principalOf(ownerToken))).rejects.toMatchObject({ code: "sso.not_configured" });
  });

  it("is read-only for a VIEWER, whose forged post is refused; an operator gets the 403 page", async () => {
    const admin = await signedIn("setter@console-sso.example", "SUPER_ADMIN");
    expect((await h.call("POST", "/console/sso", { cookie: admin.cookie, form: { _csrf: admin.csrf, ...form() } })).status).toBe(303);

    const viewer = await signedIn("viewer@console-sso.example", "VIEWER");
    expect(viewer.page.status).toBe(200);
    expect(viewer.page.body).toContain(op.issuer);
    expect(viewer.page.body).not.toContain("<form method=\"post\" action=\"/console/sso\"");
    const forged = await h.call("POST", "/console/sso/remove", { cookie: viewer.cookie, form: { _csrf: viewer.csrf } });
    expect(forged.status).toBe(403);

    const operator = await signedIn("operator@console-sso.example", "OPERATOR");
    expect(operator.page.status).toBe(403);
    expect(operator.page.body).not.toContain(op.issuer);
    await Sso.remove(h.deps, await h.principalOf(ownerToken), FIXTURE_CONTEXT);
  });
});

describe("the sign-in page", () => {
  it("offers Sign in with SSO only while single sign-on is set up, returning to where the person was going", async () => {
    expect((await h.call("GET", "/console/sign-in")).body).not.toContain("Sign in with SSO");
    await Sso.configure(h.deps, await h.principalOf(ownerToken), Sso.PutSsoInput.parse({ issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, roles: [], memberships: [], enforced: false }), FIXTURE_CONTEXT);
    const page = await h.call("GET", "/console/sign-in?next=/console/tenants");
    expect(page.body).toMatch(/<form class="sso-choice" method="get" action="\/v1\/sso\/start"><input type="hidden" name="returnTo" value="\/console\/tenants"\/><button type="submit">Sign in with SSO<\/button>/);
    // The password form stays: the owner's break-glass path, and everyone's when SSO is not enforced.
    expect(page.body).toContain('action="/console/sign-in"');
    // The browser lets the form's redirect reach the provider, and no other origin.
    expect(page.headers.get("content-security-policy")).toContain(`form-action 'self' ${new URL(op.issuer).origin};`);
    await Sso.remove(h.deps, await h.principalOf(ownerToken), FIXTURE_CONTEXT);
    expect((await h.call("GET", "/console/sign-in")).headers.get("content-security-policy")).toMatch(/form-action 'self';/);
  });

  it("says why single sign-on sent the person back, in its own words only", async () => {
    const refused = await h.call("GET", "/console/sign-in?sso=no_access");
    expect(refused.body).toMatch(/role="alert">Your identity provider gives you no access to Roster\./);
    const forged = await h.call("GET", `/console/sign-in?sso=${encodeURIComponent("Call +1 555 0100 to verify")}`);
    expect(forged.body).not.toContain("555");
    expect(forged.body).not.toContain('role="alert"');
  });
});
