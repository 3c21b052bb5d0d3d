import type { Actor, RequestContext } from "../actor";
import type { Deps } from "../deps";
import { requirePersonSuperAdmin } from "../policy";
import { commitChange } from "./change";
import { ApiClientError, toPublicApiClient, type ApiClient, type ApiClientItem, type ApiClientStatus } from "./client";
import { readClient } from "./read";

/**
 * Disabling also moves the token epoch on: a client disabled because it leaked is enabled again
 * (with a new key) without reviving the tokens issued before.
 */
const TRANSITIONS = {
  DISABLED: {
    from: "ACTIVE",
    audit: "API_CLIENT_DISABLED",
    refuse: ApiClientError.notActive,
    set: "#status = :status, tokenEpoch = if_not_exists(tokenEpoch, :zero) + :one",
    values: { ":zero": 0, ":one": 1 },
  },
  ACTIVE: { from: "DISABLED", audit: "API_CLIENT_ENABLED", refuse: ApiClientError.notDisabled, set: "#status = :status", values: {} },
} as const;

/**
 * Disables or enables a client. Authentication reads the client's status and token epoch on every
 * request, so a disabled client's access tokens stop working on their next use, for good, and it
 * cannot get new ones until it is enabled.
 */
export async function setStatus(
  deps: Pick<Deps, "db" | "clock">,
  actor: Actor,
  clientId: string,
  status: ApiClientStatus,
  context: RequestContext,
): Promise<ApiClient> {
  requirePersonSuperAdmin(actor);
  const transition = TRANSITIONS[status];
  const allowed = (client: ApiClientItem) => {
    if (client.status !== transition.from) throw transition.refuse();
  };
  const item = await readClient(deps, clientId);
  allowed(item);
  await commitChange(
    deps,
    actor,
    item,
    {
      update: {
        UpdateExpression: `SET ${transition.set}`,
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":status": status, ...transition.values },
      },
      audit: transition.audit,
      recheck: allowed,
    },
    context,
  );
  return toPublicApiClient({ ...item, status, version: item.version + 1 }, deps.clock.now());
}

export const disable = (deps: Pick<Deps, "db" | "clock">, actor: Actor, clientId: string, context: RequestContext) => setStatus(deps, actor, clientId, "DISABLED", context);
export const enable = (deps: Pick<Deps, "db" | "clock">, actor: Actor, clientId: string, context: RequestContext) => setStatus(deps, actor, clientId, "ACTIVE", context);
