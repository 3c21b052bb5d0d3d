import { Audit, type Auth, type Deps } from "@roster/core";
import { Empty, Table, When } from "../ui";
import { personPath } from "./view";

const RECENT = 10;

/**
 * A person's recent audit trail: what was done to them and what they did, newest first. Two
 * Queries (the target index and the actor index, which the audit list reads by one key each);
 * the newest ten of the two newest-ten lists are the newest ten of all their events.
 */
export async function recentActivity(deps: Deps, principal: Auth.ConsolePrincipal, userId: string): Promise<Audit.AuditEvent[]> {
  const [about, by] = await Promise.all([
    Audit.list(deps, principal, { limit: RECENT, targetId: userId }),
    Audit.list(deps, principal, { limit: RECENT, actorId: userId }),
  ]);
  const seen = new Set<string>();
  return [...about.items, ...by.items]
    .filter((event) => !seen.has(event.id) && seen.add(event.id))
    .sort((a, b) => (a.occurredAt === b.occurredAt ? b.id.localeCompare(a.id) : b.occurredAt.localeCompare(a.occurredAt)))
    .slice(0, RECENT);
}

const ACRONYMS: Record<string, string> = { mfa: "MFA", api: "API" };

/** `USER_ROLE_CHANGED` as "User role changed", `MFA_RESET` as "MFA reset". */
const eventName = (type: string) => {
  const words = type.toLowerCase().split("_").map((word) => ACRONYMS[word] ?? word);
  const sentence = words.join(" ");
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
};

function Actor({ actor }: { actor: Audit.AuditActor }) {
  if (actor.type === "user") return <a href={personPath(actor.id)}>{actor.email}</a>;
  return <span>{actor.type === "api_client" ? `API client ${actor.name}` : actor.name}</span>;
}

function Target({ target }: { target: Audit.AuditTarget }) {
  if (target.type === "user" && target.email) return <a href={personPath(target.id)}>{target.email}</a>;
  return <span>{target.email ?? `${target.type} ${target.id}`}</span>;
}

export function ActivityTable({ events }: { events: Audit.AuditEvent[] }) {
  if (events.length === 0) return <Empty>Nothing recorded about this person yet.</Empty>;
  return (
    <Table caption="Recent activity" columns={["When", "Event", "Actor", "Target"]}>
      {events.map((event) => (
        <tr>
          <td data-label="When">
            <When at={event.occurredAt} />
          </td>
          <td data-label="Event">
            <span title={event.type}>{eventName(event.type)}</span>
          </td>
          <td data-label="Actor">
            <Actor actor={event.actor} />
          </td>
          <td data-label="Target">
            <Target target={event.target} />
            {event.tenant ? <span class="muted"> in {event.tenant}</span> : null}
          </td>
        </tr>
      ))}
    </Table>
  );
}
