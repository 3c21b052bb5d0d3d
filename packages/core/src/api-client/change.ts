import type { RequestContext, UserActor } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { stillAllowed } from "../policy";
import { changeApiClient, readApiClient } from "../store/api-clients";
import type { UpdateSpec } from "../store/expression";
import { explainConflict, transact } from "../store/transact";
import { ApiClientError, type ApiClientItem } from "./client";

/** The client an admin acts on, read strongly consistent. */
export async function readClient(deps: Pick<Deps, "db">, clientId: string): Promise<ApiClientItem> {
  const item = await readApiClient(deps.db, clientId);
  if (!item) throw ApiClientError.notFound();
  return item;
}

/**
 * Commits one change to a client read at `item.version`: the update only if the client is still
 * that version, the acting admin's check, the audit event. When the client changed meanwhile,
 * `recheck` runs the change's rule against it as it is now, so the caller hears the rule that now
 * fails (disabled meanwhile) or, if none does, `api_client.changed`.
 */
export async function commitChange(
  deps: Pick<Deps, "db" | "clock">,
  actor: UserActor,
  item: ApiClientItem,
  change: { update: UpdateSpec; audit: Audit.AuditEventType; recheck: (current: ApiClientItem) => void },
  context: RequestContext,
): Promise<void> {
  await transact(deps.db, [
    changeApiClient(deps.db, item, change.update, deps.clock.now().toISOString(), (current) =>
      explainConflict(current, change.recheck, { notFound: ApiClientError.notFound, changed: ApiClientError.changed }),
    ),
    ...stillAllowed(deps.db, actor),
    Audit.write(deps, { type: change.audit, actor, target: { type: "api_client", id: item.id }, context }),
  ]);
}
