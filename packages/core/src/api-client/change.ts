import type { RequestContext, UserActor } from "../actor";
import * as Audit from "../audit";
import type { AuditEventType } from "../audit/catalog";
import { Keys } from "../db/keys";
import { explainConflict, transact, Write, type Update } from "../db/transact";
import type { Deps } from "../deps";
import { actorIsStillAdmin } from "../user/guards";
import { ApiClientError, type ApiClientItem } from "./client";

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
  change: { update: Update; audit: AuditEventType; recheck: (current: ApiClientItem) => void },
  context: RequestContext,
): Promise<void> {
  const { update } = change;
  await transact(deps.db, [
    {
      write: Write.update(deps.db, Keys.apiClient(item.id), {
        ...update,
        UpdateExpression: `${update.UpdateExpression}, updatedAt = :updatedAt, version = :next`,
        ConditionExpression: "version = :version",
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ":version": item.version, ":next": item.version + 1, ":updatedAt": deps.clock.now().toISOString() },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
      onConflict: (current) => explainConflict(current as ApiClientItem | undefined, change.recheck, { notFound: ApiClientError.notFound, changed: ApiClientError.changed }),
    },
    ...actorIsStillAdmin(deps, actor),
    Audit.write(deps, { type: change.audit, actor, target: { type: "api_client", id: item.id }, context }),
  ]);
}
