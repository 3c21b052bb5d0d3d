import { Tenant } from "@roster/core";
import type { Context } from "hono";
import type { ConsoleEnv } from "../env";
import { takeFlash } from "../flash";
import { Shell } from "../shell";
import { When } from "../ui";
import { Expiry, expiresSoon } from "../tenants/expiry";
import { tenantRoleLabel } from "../tenants/roles";
import { tenantPath } from "../tenants/urls";
import { PortalNav } from "./nav";

const WHAT_THE_ROLE_DOES: Record<string, string> = {
  CLIENT_ADMIN: "You manage who from your company has access: invite colleagues, change their roles, remove them, and read this tenant's audit log.",
  CLIENT_VIEWER: "You can see this tenant. Your company's client admins manage who has access.",
  OPERATOR_FULL: "You work on this tenant for the workspace and can see who else is in it.",
  OPERATOR_READONLY: "You work on this tenant for the workspace, read-only.",
};

/**
 * A member entering its tenant: the tenant and their own access, as `GET /v1/portal/{slug}` gives
 * them. Two round trips: authentication with the membership, and the tenant.
 */
export async function renderPortalHome(c: Context<ConsoleEnv>, slug: string) {
  const { principal, csrf, deps } = c.var;
  const now = deps.clock.now();
  const { tenant, membership } = await Tenant.portal(deps, principal, slug);
  const staff = membership.role.startsWith("OPERATOR_");
  return c.html(
    <Shell title={tenant.name} principal={principal} csrf={csrf} flash={takeFlash(c)}>
      <div class="page-head">
        <div>
          <h1>{tenant.name}</h1>
          <p class="subtitle">Your access to this tenant.</p>
        </div>
      </div>
      <PortalNav principal={principal} slug={slug} now={now} current="overview" />
      <section class="card" aria-labelledby="access-title">
        <h2 id="access-title">Your access</h2>
        <dl class="details-grid">
          <dt>Tenant role</dt>
          <dd>{tenantRoleLabel(membership.role)}</dd>
          <dt>Expires</dt>
          <dd>
            <Expiry at={membership.expiresAt} now={now} warningDays={deps.settings.expiryWarningDays} />
          </dd>
          <dt>Member since</dt>
          <dd>
            <When at={membership.grantedAt} />
          </dd>
        </dl>
        <p class="hint">{WHAT_THE_ROLE_DOES[membership.role] ?? ""}</p>
        {expiresSoon(membership.expiresAt, now, deps.settings.expiryWarningDays) ? (
          <p class="notice">Your access ends soon. If you still need it, ask whoever gave it to you to extend it.</p>
        ) : null}
        {staff ? (
          <p>
            <a href={tenantPath(slug)}>This tenant in the console</a>
          </p>
        ) : null}
      </section>
    </Shell>,
  );
}
