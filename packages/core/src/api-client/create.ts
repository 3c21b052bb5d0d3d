import { SCOPES, type Actor, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { newId } from "../crypto/random";
import { IndexKeys, Keys } from "../db/keys";
import { transact, Write } from "../db/transact";
import type { Deps } from "../deps";
import { requirePersonSuperAdmin, requireSession } from "../policy";
import { actorIsStillAdmin } from "../user/guards";
import { toPublicApiClient, type ApiClient, type ApiClientItem } from "./client";
import { parsePublicKey } from "./public-key";
import type { CreateApiClientInput } from "./schemas";

/**
 * Registers a client with its first public key. Only a person who is a SUPER_ADMIN may: no scope
 * lets a client make clients. One transaction: the client, the check that the admin still is
 * one, and the audit event.
 */
export async function create(deps: Pick<Deps, "db" | "clock">, actor: Actor, input: CreateApiClientInput, context: RequestContext): Promise<ApiClient> {
  requirePersonSuperAdmin(actor);
  requireSession(actor);
  const key = await parsePublicKey(input.publicKey);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = newId("cli");
  const item: ApiClientItem = {
    ...Keys.apiClient(id),
    ...IndexKeys.apiClientList(at, id),
    entity: "ApiClient",
    id,
    name: input.name,
    clientType: input.type,
    status: "ACTIVE",
    scopes: SCOPES.filter((scope) => input.scopes.includes(scope)),
    keys: [{ kid: key.kid, jwk: key.jwk, addedAt: at, notAfter: null }],
    createdAt: at,
    createdBy: { id: actor.id, email: actor.email },
    updatedAt: at,
    version: 1,
  };
  await transact(deps.db, [
    { write: Write.put(deps.db, item, { ConditionExpression: "attribute_not_exists(pk)" }) },
    ...actorIsStillAdmin(deps, actor),
    Audit.write(deps, { type: "API_CLIENT_CREATED", actor, target: { type: "api_client", id }, context }),
  ]);
  return toPublicApiClient(item, now);
}
