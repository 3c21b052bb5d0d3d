import { AuthError, Policy, User } from "@roster/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ConsoleEnv } from "../env";
import { takeFlash } from "../flash";
import { Shell } from "../shell";
import { Empty, Table, When } from "../ui";
import { ActivityTable, recentActivity } from "./activity";
import { RoleLabel, StatusBadge, tenantRoleLabel } from "./labels";
import { OpenActionDialog, PersonMenu } from "./person-menu";
import { personPath, TEAM_PATH, USER_ID, type PageState } from "./view";

/**
 * `/console/users/<id>`: one person, their tenant memberships and their recent audit trail, with
 * the same actions as their row on the team page: authentication, the profile and the memberships
 * (`User.get`), then the trail about them and by them, each shard of both read side by side.
 */
export async function renderPerson(c: Context<ConsoleEnv>, userId: string, href: string, state: PageState = {}, status: ContentfulStatusCode = 200) {
  const { principal, csrf } = c.var;
  if (!Policy.can(principal, "users:read")) throw AuthError.forbidden();
  // Not an id Roster makes: no read could find it.
  if (!USER_ID.test(userId)) throw User.UserError.notFound();
  const [person, events] = await Promise.all([User.get(c.var.deps, principal, userId), recentActivity(c.var.deps, principal, userId)]);
  const here = personPath(userId);
  const flash = state.flash ?? takeFlash(c);
  const now = c.var.deps.clock.now();
  const staffWithoutMemberships = person.role === "SUPER_ADMIN" || person.role === "VIEWER";

  return c.html(
    <Shell title={person.email} principal={principal} csrf={csrf} section={TEAM_PATH} flash={flash}>
      <p class="back-link">
        <a href={TEAM_PATH}>← Team</a>
      </p>
      <div class="page-head">
        <div>
          <h1>{person.displayName ?? person.email}</h1>
          <p class="subtitle">{person.displayName ? person.email : "Has not completed setup yet."}</p>
        </div>
        <PersonMenu person={person} viewer={principal} href={href} />
      </div>
      <OpenActionDialog people={[person]} viewer={principal} href={href} closeHref={here} csrf={csrf} state={state.dialog} />

      <div class="person-page">
        <section class="card" aria-labelledby="profile-title">
          <h2 id="profile-title">Profile</h2>
          <dl class="details-grid">
            <dt>Email</dt>
            <dd>{person.email}</dd>
            <dt>Name</dt>
            <dd>{person.displayName ?? <span class="muted">Not set up yet</span>}</dd>
            <dt>Role</dt>
            <dd>
              <RoleLabel user={person} />
            </dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge user={person} now={now} />
            </dd>
            <dt>Owner</dt>
            <dd>{person.isOwner ? "Yes, the workspace's owner" : "No"}</dd>
            <dt>Authenticator</dt>
            <dd>{person.mfaEnrolled ? "Set up" : "Not set up"}</dd>
            <dt>Invited by</dt>
            <dd>{person.invitedBy ? <a href={personPath(person.invitedBy.id)}>{person.invitedBy.email}</a> : <span class="muted">—</span>}</dd>
            <dt>Created</dt>
            <dd>
              <When at={person.createdAt} />
            </dd>
            <dt>Last sign-in</dt>
            <dd>
              <When at={person.lastLoginAt} empty="Never" />
            </dd>
            {person.status === "INVITED" ? (
              <>
                <dt>Setup link expires</dt>
                <dd>
                  <When at={person.setupExpiresAt} />
                </dd>
              </>
            ) : null}
          </dl>
        </section>

        <section class="card" aria-labelledby="memberships-title">
          <h2 id="memberships-title">Memberships</h2>
          {person.memberships.length === 0 ? (
            <Empty>
              {staffWithoutMemberships
                ? "None needed: a super admin or a viewer reaches every tenant without a membership."
                : "No tenant yet. Add them from a tenant's page, under Tenants."}
            </Empty>
          ) : (
            <Table caption="Tenant memberships" columns={["Tenant", "Role", "Expires"]}>
              {person.memberships.map((membership) => (
                <tr>
                  <td data-label="Tenant">
                    <a href={`/console/tenants/${encodeURIComponent(membership.tenant.slug)}`}>{membership.tenant.name}</a>
                  </td>
                  <td data-label="Role">{tenantRoleLabel(membership.role)}</td>
                  <td data-label="Expires">
                    <When at={membership.expiresAt} empty="Never" />
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </section>

        <section class="card" aria-labelledby="activity-title">
          <h2 id="activity-title">Recent activity</h2>
          <p class="hint">The latest events about this person and by them. The audit log has the rest.</p>
          <ActivityTable events={events} />
          <p>
            <a href="/console/audit">Open the audit log</a>
          </p>
        </section>
      </div>
    </Shell>,
    status,
  );
}
