import { Audit } from "@roster/core";
import { withQuery } from "../links";

/** To the second: events of one action often land within the same minute. */
const exactInstant = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

/** A change's value as people read it: text as it is, nothing as a dash, anything else as JSON. */
function shown(value: unknown) {
  if (value === null || value === undefined) return <span class="muted">none</span>;
  return <code>{typeof value === "string" ? value : JSON.stringify(value)}</code>;
}

const ACTOR_KINDS: Record<Exclude<Audit.AuditActor["type"], "user">, string> = {
  api_client: "API client",
  system: "system",
  sso: "identity provider",
  directory: "directory",
};

function Actor({ actor, filterHref }: { actor: Audit.AuditActor; filterHref: string }) {
  const name = Audit.actorName(actor);
  return (
    <>
      <a href={filterHref} title={`Only the events of ${name}`}>
        {name}
      </a>
      {actor.type === "user" ? null : <span class="muted event-kind">{ACTOR_KINDS[actor.type]}</span>}
    </>
  );
}

function Changes({ changes }: { changes: Record<string, Audit.Change> }) {
  return (
    <dl class="details-grid audit-changes">
      {Object.entries(changes).map(([field, change]) => (
        <>
          <dt>{field}</dt>
          <dd>
            <span class="change">
              <span class="change-label">Before</span> {shown(change.before)}
            </span>
            <span class="change">
              <span class="change-label">After</span> {shown(change.after)}
            </span>
          </dd>
        </>
      ))}
    </dl>
  );
}

function RequestContext({ event }: { event: Audit.AuditEvent }) {
  const context = event.context;
  if (!context) return <p class="muted">The request's context is not shown to you.</p>;
  return (
    <dl class="details-grid">
      <dt>Request id</dt>
      <dd>
        <code>{context.requestId}</code>
      </dd>
      {context.clientRequestId ? (
        <>
          <dt>Client request id</dt>
          <dd>
            <code>{context.clientRequestId}</code>
          </dd>
        </>
      ) : null}
      <dt>IP</dt>
      <dd>{context.ip ?? <span class="muted">unknown</span>}</dd>
      <dt>User agent</dt>
      <dd>{context.userAgent ?? <span class="muted">unknown</span>}</dd>
      <dt>Event id</dt>
      <dd>
        <code>{event.id}</code>
      </dd>
    </dl>
  );
}

/**
 * One event: a row of the table whose Event cell opens (a `<details>`, so without script too) onto
 * what the event changed, before and after, and the request it came from.
 */
export function EventRow({ event, pageHref }: { event: Audit.AuditEvent; pageHref: string }) {
  const { target } = event;
  return (
    <tr>
      <td data-label="When">
        <time datetime={event.occurredAt}>{exactInstant(event.occurredAt)}</time>
      </td>
      <td data-label="Event">
        <details class="audit-event">
          <summary>
            <code>{event.type}</code>
          </summary>
          <div class="audit-details">
            <p class="hint">{Audit.AUDIT_CATALOG[event.type].description}</p>
            <p class="details-title">Changes</p>
            {event.changes && Object.keys(event.changes).length ? <Changes changes={event.changes} /> : <p class="muted">This event records no before and after.</p>}
            <p class="details-title">Request</p>
            <RequestContext event={event} />
          </div>
        </details>
      </td>
      <td data-label="Actor">
        <div class="cell-stack">
          <Actor actor={event.actor} filterHref={withQuery(pageHref, { actor: event.actor.id, cursor: null, trail: null })} />
        </div>
      </td>
      <td data-label="Target">
        <div class="cell-stack">
          <span class="muted event-kind">{target.type.replace("_", " ")}</span>
          <span class="target-id">{target.email ?? target.id}</span>
          {event.tenant ? <span class="muted event-kind">in {event.tenant}</span> : null}
        </div>
      </td>
    </tr>
  );
}
