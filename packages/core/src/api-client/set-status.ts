import type { RequestContext } from "../actor";
import type { Deps } from "../deps";
import { authorize, requirePerson, type Principal } from "../policy";
import type { UpdateSpec } from "../store/expression";
import { commitChange, readClient } from "./change";
import { ApiClientError, toPublicApiClient, type ApiClient, type ApiClientItem, type ApiClientStatus } from "./client";

/**
 * Disabling also moves the token epoch on: a client disabled because it leaked is enabled again
 * (with a new key) without reviving the tokens issued before.
 */
const TRANSITIONS = {
  DISABLED: { from: "ACTIVE", audit: "API_CLIENT_DISABLED", refuse: ApiClientError.notActive, update: { set: { status: "DISABLED" }, add: { tokenEpoch: 1 } } },
  ACTIVE: { from: "DISABLED", audit: "API_CLIENT_ENABLED", refuse: ApiClientError.notDisabled, update: { set: { status: "ACTIVE" } } },
} as const satisfies Record<ApiClientStatus, { from: ApiClientStatus; audit: string; refuse: () => Error; update: UpdateSpec }>;

/**
 * Disables or enables a client. Authentication reads the client's status and token epoch on every
 * request, so a disabled client's access tokens stop working on their next use, for good, and it
 * cannot get new ones until it is enabled.
 */
export async function setStatus(deps: Pick<Deps, "db" | "clock">, principal: Principal, clientId: string, status: ApiClientStatus, context: RequestContext): Promise<ApiClient> {
  requirePerson(principal.actor);
  authorize(principal, "api-clients:write");
  const transition = TRANSITIONS[status];
  const allowed = (client: ApiClientItem) => {
    if (client.status !== transition.from) throw transition.refuse();
  };
  const item = await readClient(deps, clientId);
  allowed(item);
  await commitChange(deps, principal.actor, item, { update: transition.update, audit: transition.audit, recheck: allowed }, context);
  const tokenEpoch = status === "DISABLED" ? (item.tokenEpoch ?? 0) + 1 : item.tokenEpoch;
  return toPublicApiClient({ ...item, status, tokenEpoch, version: item.version + 1 }, deps.clock.now());
}

export const disable = (deps: Pick<Deps, "db" | "clock">, principal: Principal, clientId: string, context: RequestContext) => setStatus(deps, principal, clientId, "DISABLED", context);
export const enable = (deps: Pick<Deps, "db" | "clock">, principal: Principal, clientId: string, context: RequestContext) => setStatus(deps, principal, clientId, "ACTIVE", context);
