import { Membership, Policy, Tenant } from "@roster/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ConsoleEnv } from "../env";
import { takeFlash } from "../flash";
import type { FormErrors, FormValues } from "../forms";
import { pageLinks, withQuery } from "../links";
import { Shell, type Flash } from "../shell";
import { DialogButton, When } from "../ui";
import { InvitationResult } from "./invitation-result";
import { AddMemberDialog, ChangeExpiryDialog, ChangeRoleDialog, InviteClientDialog, RevokeDialog } from "./member-dialogs";
import { MembersTable } from "./members-table";
import { listAddress, samePage, tenantPath, TENANTS_PATH } from "./urls";

export const PAGE_SIZE = 25;

export type MemberDialog = "change-role" | "change-expiry" | "revoke";

/** A form of this page that was just refused, to show open again with what was typed and why it was refused. */
export type Refused = { dialog: "add-member" | "invite-client" | MemberDialog; member?: string; values: FormValues; errors: FormErrors };

export type TenantPageState = { flash?: Flash; refused?: Refused; invited?: Membership.ClientInvitation };

/**
 * A tenant's page: its members, and for SUPER_ADMINs what changes them. Three round trips, the two
 * reads side by side: authentication (with the reader's own membership of the tenant), the tenant
 * (its name; a 404 for a reader who is not a member, as for a tenant that does not exist) and one
 * Query of its members.
 */
export async function renderTenantPage(c: Context<ConsoleEnv>, slug: string, state: TenantPageState = {}, status: ContentfulStatusCode = 200) {
  const { principal, csrf, deps } = c.var;
  const now = deps.clock.now();
  const here = listAddress(tenantPath(slug), c.req.url);
  const cursor = new URL(here, "http://console.invalid").searchParams.get("cursor") ?? undefined;
  const target = { tenant: slug, now };
  // An operator with a read-only tenant role sees the tenant, not who else is in it.
  const seesMembers = Policy.can(principal, "tenant:members:read", target);
  const [tenant, members] = await Promise.all([
    Tenant.get(deps, principal, slug),
    seesMembers ? Membership.ofTenant(deps, principal, slug, { limit: PAGE_SIZE, cursor }) : Promise.resolve(null),
  ]);
  const manages = Policy.can(principal, "tenant:members:write", target);
  const invites = Policy.can(principal, "tenant:clients:write", target);
  // Enforced single sign-on refuses every invitation (409 sso.managed): none is offered, and the
  // dialog shows only to say why a form posted before enforcement was refused.
  const offersInvite = invites && !principal.ssoEnforced;
  const showsInvite = offersInvite || (invites && state.refused?.dialog === "invite-client");
  const dialog = state.refused?.dialog ?? (state.invited ? "invite-client" : c.req.query("dialog"));
  const memberId = state.refused?.member ?? c.req.query("member");
  const member = memberId ? members?.items.find((m) => m.user.id === memberId) : undefined;
  // A refusal about a member who is no longer on this page has no dialog to show it in.
  const lost = state.refused?.member && !member ? (Object.values(state.refused.errors)[0] ?? "That member changed meanwhile.") : undefined;
  const flash = state.flash ?? (lost ? { kind: "error" as const, message: lost } : takeFlash(c));
  const own = principal.membership && principal.membership.slug === slug && Policy.isLiveMembership(principal.membership, now) ? principal.membership : null;
  const links = pageLinks(here, members?.nextCursor ?? null);
  const open = (id: string) => dialog === id;
  const dialogProps = (id: string, action: string) => ({
    csrf,
    action: samePage(action, here),
    closeHref: here,
    open: open(id),
    values: state.refused?.dialog === id ? state.refused.values : undefined,
    errors: state.refused?.dialog === id ? state.refused.errors : undefined,
  });
  const memberAction = (verb: string) => `${tenantPath(slug)}/members/${encodeURIComponent(memberId ?? "")}/${verb}`;

  return c.html(
    <Shell title={tenant.name} principal={principal} csrf={csrf} section={TENANTS_PATH} flash={flash}>
      <p class="tenant-breadcrumb">
        <a href={TENANTS_PATH}>Tenants</a>
      </p>
      <div class="page-head">
        <div>
          <h1>{tenant.name}</h1>
          <p class="subtitle">
            <code>{tenant.slug}</code> · created <When at={tenant.createdAt} />
          </p>
        </div>
        {manages || offersInvite ? (
          <div class="actions">
            {manages ? <DialogButton dialog="add-member" href={withQuery(here, { dialog: "add-member" })} label="Add member" /> : null}
            {offersInvite ? <DialogButton dialog="invite-client" href={withQuery(here, { dialog: "invite-client" })} label="Invite client user" variant="secondary" /> : null}
          </div>
        ) : null}
      </div>
      {own ? (
        <p class="notice">
          You are a member of this tenant. <a href={`/portal/${encodeURIComponent(slug)}`}>Open its portal</a> to see it as its members do.
        </p>
      ) : null}

      {manages ? <AddMemberDialog {...dialogProps("add-member", `${tenantPath(slug)}/members`)} maxContractorDays={deps.settings.maxContractorDays} /> : null}
      {showsInvite ? (
        <InviteClientDialog
          {...dialogProps("invite-client", `${tenantPath(slug)}/invitations`)}
          tenantName={tenant.name}
          result={state.invited ? <InvitationResult invitation={state.invited} tenantName={tenant.name} closeHref={here} /> : undefined}
        />
      ) : null}
      {manages && member && dialog === "change-role" ? <ChangeRoleDialog {...dialogProps("change-role", memberAction("role"))} member={member} /> : null}
      {manages && member && dialog === "change-expiry" ? (
        <ChangeExpiryDialog {...dialogProps("change-expiry", memberAction("expiry"))} member={member} maxContractorDays={deps.settings.maxContractorDays} />
      ) : null}
      {manages && member && dialog === "revoke" ? <RevokeDialog {...dialogProps("revoke", memberAction("revoke"))} member={member} tenantName={tenant.name} /> : null}

      <section class="tenant-members" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        {members ? (
          <MembersTable
            members={members.items}
            tenantName={tenant.name}
            here={here}
            menu={c.req.query("menu")}
            manages={manages}
            now={now}
            warningDays={deps.settings.expiryWarningDays}
            links={links}
          />
        ) : (
          <p class="empty">Your tenant role lets you see this tenant, not who else is in it. A workspace admin can change it.</p>
        )}
      </section>
    </Shell>,
    status,
  );
}
