import { SCOPES, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { newId } from "../crypto/random";
import type { Deps } from "../deps";
import { authorize, requirePerson, requireSession, stillAllowed, type Principal } from "../policy";
import { putApiClient, type ApiClientItem } from "../store/api-clients";
import { Keys } from "../store/keys";
import { transact } from "../store/transact";
import { toPublicApiClient, type ApiClient } from "./client";
import { parsePublicKey } from "./public-key";
import type { CreateApiClientInput } from "./schemas";

/**
 * Registers a client with its first public key. Only a person who is a SUPER_ADMIN may, from a
 * signed-in session: no scope lets a client make clients. One transaction: the client, the check
 * that the admin still is one, and the audit event.
 */
export async function create(deps: Pick<Deps, "db" | "clock">, principal: Principal, input: CreateApiClientInput, context: RequestContext): Promise<ApiClient> {
  const { actor } = principal;
  requirePerson(actor);
  authorize(principal, "api-clients:write");
  requireSession(actor);
  const key = await parsePublicKey(input.publicKey);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = newId("cli");
  const item: ApiClientItem = {
    ...Keys.apiClient(id),
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
    putApiClient(deps.db, item),
    ...stillAllowed(deps.db, actor),
    Audit.write(deps, { type: "API_CLIENT_CREATED", actor, target: { type: "api_client", id }, context }),
  ]);
  return toPublicApiClient(item, now);
}
