import { AuthError, isDomainError, Policy, User } from "@roster/core";
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ConsoleEnv } from "../env";
import { takeFlash } from "../flash";
import { pageLinks, withQuery } from "../links";
import { Shell } from "../shell";
import { DialogButton, Empty, Field, Pager, Select, Table, When } from "../ui";
import { parseDialogId } from "./actions";
import { INVITE_DIALOG, InviteDialog } from "./invite-dialog";
import { ANY, RoleLabel, roleOptions, StatusBadge, statusOptions } from "./labels";
import { OpenActionDialog, PersonMenu, refusalWithoutDialog } from "./person-menu";
import { filtersOf, readTeam } from "./team-list";
import { closedHref, personPath, queryParam, TEAM_PATH, type PageState } from "./view";

/**
 * The people this page lists, and the one a form just acted on when the page no longer lists them
 * (a newer invitation pushed them to the next page, a filter no longer matches): the dialog then
 * still shows the outcome, a new setup link above all, which is shown nowhere else. Only then
 * does the page read one person more.
 */
async function withAnsweredPerson(c: Context<ConsoleEnv>, listed: User.User[], state: PageState): Promise<User.User[]> {
  const named = parseDialogId(state.dialog?.id);
  if (!named || listed.some((person) => person.id === named.userId)) return listed;
  try {
    return [...listed, await User.get(c.var.deps, c.var.principal, named.userId)];
  } catch (error) {
    // Removed meanwhile: the page's notice says what the form could not do.
    if (isDomainError(error, "user.not_found")) return listed;
    throw error;
  }
}

/**
 * `/console/team`: the workspace's people, searchable and filtered, a page at a time; SUPER_ADMINs
 * invite and act on each person from here, VIEWERs read. Two round trips: authentication, and the
 * one Query of the team (or of its search index) the filters call for.
 */
export async function renderTeam(c: Context<ConsoleEnv>, href: string, state: PageState = {}, status: ContentfulStatusCode = 200) {
  const { principal, csrf } = c.var;
  if (!Policy.can(principal, "users:read")) throw AuthError.forbidden();
  const canWrite = Policy.can(principal, "users:write");
  // Enforced single sign-on refuses every invitation (409 sso.managed): the page offers none, and
  // shows the dialog only to say why a form posted before enforcement was refused.
  const canInvite = canWrite && !principal.ssoEnforced;
  const here = closedHref(href);
  const filters = filtersOf(here);
  const { page, restarted } = await readTeam(c.var.deps, principal, filters);
  const listed = restarted ? withQuery(here, { cursor: null, trail: null }) : here;
  const links = pageLinks(listed, page.nextCursor);
  const answered = await withAnsweredPerson(c, page.items, state);
  const refused = refusalWithoutDialog(answered, state.dialog);
  const flash =
    state.flash ??
    (refused ? { kind: "error" as const, message: refused } : undefined) ??
    (restarted ? { kind: "error" as const, message: "That page link no longer works, so this is the first page." } : undefined) ??
    takeFlash(c);
  const filtered = Boolean(filters.q || filters.status || filters.role);
  const now = c.var.deps.clock.now();

  return c.html(
    <Shell title="Team" principal={principal} csrf={csrf} section={TEAM_PATH} flash={flash}>
      <div class="page-head">
        <div>
          <h1>Team</h1>
          <p class="subtitle">Everyone who can sign in to Roster, and everyone invited to.</p>
        </div>
        {canInvite ? <DialogButton dialog={INVITE_DIALOG} href={withQuery(listed, { dialog: INVITE_DIALOG })} label="Invite" /> : null}
        {canWrite && principal.ssoEnforced ? <p class="muted">Invitations are off while single sign-on is enforced: people join through your identity provider, which also sets the roles of the people it manages.</p> : null}
      </div>

      {canInvite || (canWrite && state.dialog?.id === INVITE_DIALOG) ? (
        <InviteDialog href={listed} csrf={csrf} open={state.dialog?.id === INVITE_DIALOG || queryParam(href, "dialog") === INVITE_DIALOG} state={state.dialog?.id === INVITE_DIALOG ? state.dialog : undefined} />
      ) : null}
      <OpenActionDialog people={answered} viewer={principal} href={href} closeHref={listed} csrf={csrf} state={state.dialog} />

      <div class="team-page">
        <form class="filters team-filters" method="get" action={TEAM_PATH} role="search" aria-label="Filter the team">
          <Field label="Search" name="q" type="search" id="filter-q" value={filters.q} placeholder="Start of an email or a name" />
          <Select label="Status" name="status" id="filter-status" options={[ANY, ...statusOptions]} value={filters.status ?? ""} />
          <Select label="Role" name="role" id="filter-role" options={[ANY, ...roleOptions]} value={filters.role ?? ""} />
          <div class="actions">
            <button type="submit" class="secondary">
              Apply
            </button>
            {filtered ? (
              <a class="button secondary" href={TEAM_PATH}>
                Clear
              </a>
            ) : null}
          </div>
        </form>

        {page.items.length === 0 ? (
          <Empty>{filtered ? "No one matches these filters. Try the start of another email or name, or clear the filters." : "No one on this page. Go back to the first page of the team."}</Empty>
        ) : (
          <Table caption="The team" columns={["Email", "Name", "Role", "Status", "Last sign-in"]} actions={canWrite}>
            {page.items.map((person) => (
              <TeamRow person={person} self={person.id === principal.account?.id} now={now}>
                {canWrite ? (
                  <td class="actions-cell">
                    <PersonMenu person={person} viewer={principal} href={href} />
                  </td>
                ) : null}
              </TeamRow>
            ))}
          </Table>
        )}
        <Pager next={links.next} previous={links.previous} />
      </div>
    </Shell>,
    status,
  );
}

function TeamRow({ person, self, now, children }: { person: User.User; self: boolean; now: Date; children?: Child }) {
  return (
    <tr>
      <td data-label="Email">
        <a href={personPath(person.id)}>{person.email}</a>
        {self ? <span class="muted"> (you)</span> : null}
        {person.source !== "local" ? <span class="badge managed">managed by your identity provider</span> : null}
      </td>
      <td data-label="Name">{person.displayName ?? <span class="muted">Not set up yet</span>}</td>
      <td data-label="Role">
        <RoleLabel user={person} />
      </td>
      <td data-label="Status">
        <StatusBadge user={person} now={now} />
      </td>
      <td data-label="Last sign-in">
        <When at={person.lastLoginAt} empty="Never" />
      </td>
      {children}
    </tr>
  );
}
