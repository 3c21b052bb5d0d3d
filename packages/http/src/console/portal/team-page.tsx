import { Membership } from "@roster/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ConsoleEnv } from "../env";
import { takeFlash } from "../flash";
import type { FormErrors, FormValues } from "../forms";
import { pageLinks, withQuery } from "../links";
import { Shell, type Flash } from "../shell";
import { DialogButton, Pager, Table } from "../ui";
import { InvitationResult } from "../tenants/invitation-result";
import { MemberMenu } from "../tenants/members-table";
import { isClientRole, tenantRoleLabel } from "../tenants/roles";
import { listAddress, samePage } from "../tenants/urls";
import { requireTenantPermission } from "./access";
import { PortalNav, portalPath } from "./nav";
import { ChangeTeammateRoleDialog, InviteTeammateDialog, RemoveTeammateDialog } from "./team-dialogs";

const PAGE_SIZE = 25;

export const teamPath = (slug: string) => `${portalPath(slug)}/team`;

/** A form of this page that was just refused, to show open again with what was typed and why. */
export type TeamRefused = { dialog: "invite" | "change-role" | "remove"; member?: string; values: FormValues; errors: FormErrors };

export type TeamState = { flash?: Flash; refused?: TeamRefused; invited?: Membership.ClientInvitation };

/**
 * A tenant's people as its client admin manages them: its client users, and the workspace's staff
 * who work on it (theirs to see, not to change). Two round trips: authentication with the
 * membership, and one Query of the members, whose items carry the tenant's name too.
 */
export async function renderPortalTeam(c: Context<ConsoleEnv>, slug: string, state: TeamState = {}, status: ContentfulStatusCode = 200) {
  const { principal, csrf, deps } = c.var;
  const now = deps.clock.now();
  requireTenantPermission(principal, slug, now, "tenant:clients:write");
  const here = listAddress(teamPath(slug), c.req.url);
  const cursor = new URL(here, "http://console.invalid").searchParams.get("cursor") ?? undefined;
  const members = await Membership.ofTenant(deps, principal, slug, { limit: PAGE_SIZE, cursor });
  const tenantName = members.items[0]?.tenant.name ?? slug;
  const links = pageLinks(here, members.nextCursor);
  const menu = c.req.query("menu");
  const dialog = state.refused?.dialog ?? (state.invited ? "invite" : c.req.query("dialog"));
  const memberId = state.refused?.member ?? c.req.query("member");
  const member = memberId ? members.items.find((m) => m.user.id === memberId && isClientRole(m.role)) : undefined;
  const lost = state.refused?.member && !member ? (Object.values(state.refused.errors)[0] ?? "That teammate changed meanwhile.") : undefined;
  const flash = state.flash ?? (lost ? { kind: "error" as const, message: lost } : takeFlash(c));
  const yourself = !!member && member.user.id === principal.account?.id;
  const dialogProps = (id: TeamRefused["dialog"], action: string) => ({
    csrf,
    action: samePage(action, here),
    closeHref: here,
    open: dialog === id,
    values: state.refused?.dialog === id ? state.refused.values : undefined,
    errors: state.refused?.dialog === id ? state.refused.errors : undefined,
  });
  const memberAction = (verb: string) => `${teamPath(slug)}/${encodeURIComponent(memberId ?? "")}/${verb}`;
  // Enforced single sign-on refuses every invitation (409 sso.managed): none is offered, and the
  // dialog shows only to say why a form posted before enforcement was refused.
  const offersInvite = !principal.ssoEnforced;

  return c.html(
    <Shell title={`Team · ${tenantName}`} principal={principal} csrf={csrf} flash={flash}>
      <div class="page-head">
        <div>
          <h1>Team</h1>
          <p class="subtitle">Who from {tenantName} and from the workspace has access.</p>
        </div>
        {offersInvite ? <DialogButton dialog="invite" href={withQuery(here, { dialog: "invite" })} label="Invite" /> : null}
      </div>
      <PortalNav principal={principal} slug={slug} now={now} current="team" />
      {offersInvite || state.refused?.dialog === "invite" ? (
        <InviteTeammateDialog
          {...dialogProps("invite", `${teamPath(slug)}/invitations`)}
          result={state.invited ? <InvitationResult invitation={state.invited} tenantName={tenantName} closeHref={here} /> : undefined}
        />
      ) : null}
      {member && dialog === "change-role" ? <ChangeTeammateRoleDialog {...dialogProps("change-role", memberAction("role"))} member={member} yourself={yourself} /> : null}
      {member && dialog === "remove" ? <RemoveTeammateDialog {...dialogProps("remove", memberAction("remove"))} member={member} yourself={yourself} tenantName={tenantName} /> : null}

      <Table caption={`The team of ${tenantName}`} columns={["Email", "Name", "Tenant role"]} actions>
        {members.items.map((m) => (
          <tr>
            <td data-label="Email">{m.user.email}</td>
            <td data-label="Name">{m.user.displayName ?? <span class="muted">Not set up yet</span>}</td>
            <td data-label="Tenant role">{tenantRoleLabel(m.role)}</td>
            <td class="actions-cell">
              {/* The workspace's staff are managed by its admins, not by the tenant's. */}
              {isClientRole(m.role) ? (
                <MemberMenu
                  member={m}
                  here={here}
                  menu={menu}
                  actions={[
                    { label: "Change tenant role", dialog: "change-role" },
                    { label: "Remove from tenant", dialog: "remove" },
                  ]}
                />
              ) : null}
            </td>
          </tr>
        ))}
      </Table>
      <Pager next={links.next} previous={links.previous} />
    </Shell>,
    status,
  );
}
