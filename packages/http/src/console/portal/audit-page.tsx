import { Audit, Tenant } from "@roster/core";
import type { Context } from "hono";
import type { ConsoleEnv } from "../env";
import { pageLinks } from "../links";
import { Shell } from "../shell";
import { Empty, Pager, Table, When } from "../ui";
import { listAddress } from "../tenants/urls";
import { requireTenantPermission } from "./access";
import { PortalNav, portalPath } from "./nav";

const PAGE_SIZE = 25;

/** `MEMBERSHIP_GRANTED` as people read it: "Membership granted". */
const eventName = (type: string) => {
  const words = type.toLowerCase().replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const shown = (value: unknown) => (value === null || value === undefined ? "none" : typeof value === "string" ? value : JSON.stringify(value));

/** What an event changed, one `field: before → after` each, as the API gives them. */
function Changes({ changes }: { changes: Audit.AuditEvent["changes"] }) {
  if (!changes) return null;
  return (
    <ul class="portal-audit-changes">
      {Object.entries(changes).map(([field, change]) => (
        <li>
          {field}: {shown(change.before)} → {shown(change.after)}
        </li>
      ))}
    </ul>
  );
}

/**
 * A tenant's audit trail for its client admins, newest first, as `GET /v1/audit-events?tenant=`
 * gives it (without the request context of the workspace staff's actions): authentication with the
 * membership, then side by side the tenant (its name) and one Query of each shard of the tenant's events.
 */
export async function renderPortalAudit(c: Context<ConsoleEnv>, slug: string) {
  const { principal, csrf, deps } = c.var;
  const now = deps.clock.now();
  requireTenantPermission(principal, slug, now, "tenant:audit:read");
  const here = listAddress(`${portalPath(slug)}/audit`, c.req.url);
  // A cursor the list never returned (a hand-made address) is the list's own 400.
  const query = { tenant: slug, limit: PAGE_SIZE, cursor: c.req.query("cursor") || undefined };
  const [tenant, events] = await Promise.all([Tenant.get(deps, principal, slug), Audit.list(deps, principal, query)]);
  const links = pageLinks(here, events.nextCursor);
  return c.html(
    <Shell title={`Audit log · ${tenant.name}`} principal={principal} csrf={csrf}>
      <div class="page-head">
        <div>
          <h1>Audit log</h1>
          <p class="subtitle">Everything that changed access to {tenant.name}, newest first. Events are never edited or deleted.</p>
        </div>
      </div>
      <PortalNav principal={principal} slug={slug} now={now} current="audit" />
      {events.items.length === 0 && !links.previous ? (
        <Empty>Nothing recorded yet. Invitations, role changes and removals in this tenant will appear here.</Empty>
      ) : (
        <Table caption={`Audit log of ${tenant.name}`} columns={["When", "Event", "Actor", "Target"]}>
          {events.items.map((event) => (
            <tr>
              <td data-label="When">
                <When at={event.occurredAt} />
              </td>
              <td data-label="Event">
                <span class="portal-audit-event">
                  {eventName(event.type)}
                  <Changes changes={event.changes} />
                </span>
              </td>
              <td data-label="Actor">{Audit.actorName(event.actor)}</td>
              <td data-label="Target">{event.target.email ?? event.target.id}</td>
            </tr>
          ))}
        </Table>
      )}
      <Pager next={links.next} previous={links.previous} />
    </Shell>,
  );
}
