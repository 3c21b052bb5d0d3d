import { SCOPES, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { newId } from "../crypto/random";
import type { Deps } from "../deps";
import { authorize, requirePerson, requireSession, stillAllowed, type Principal } from "../policy";
import { putApiClient, type ApiClientItem } from "../store/api-clients";
import { Keys } from "../store/keys";
import { transact } from "../store/transact";
import { RequestError } from "../error";
import { toPublicApiClient, type ApiClient, type ClientKey } from "./client";
import { urlRefusal } from "./address-policy";
import { parsePublicKey } from "./public-key";
import { JwksUriInput, keySourceIssues, type CreateApiClientInput } from "./schemas";

/**
 * Registers a client with its first public key, or with the URL of the JWKS it publishes its keys
 * in. Only a person who is a SUPER_ADMIN may, from a signed-in session: no scope lets a client make
 * clients. One transaction: the client, the check that the admin still is one, and the audit event,
 * which records the key (`keyId`) or the JWKS (`jwksUri`) the client is trusted by.
 */
export async function create(deps: Pick<Deps, "db" | "clock" | "settings">, principal: Principal, input: CreateApiClientInput, context: RequestContext): Promise<ApiClient> {
  const { actor } = principal;
  requirePerson(actor);
  authorize(principal, "api-clients:write");
  requireSession(actor);
  const source = await keySource(deps, input);
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
    keys: source.key ? [{ ...source.key, addedAt: at }] : [],
    ...(source.jwksUri !== null && { jwksUri: source.jwksUri }),
    createdAt: at,
    createdBy: { id: actor.id, email: actor.email },
    updatedAt: at,
    version: 1,
  };
  await transact(deps.db, [
    putApiClient(deps.db, item),
    ...stillAllowed(deps.db, actor),
    Audit.write(deps, {
      type: "API_CLIENT_CREATED",
      actor,
      target: { type: "api_client", id },
      changes: { keyId: { before: null, after: source.key?.kid ?? null }, jwksUri: { before: null, after: source.jwksUri } },
      context,
    }),
  ]);
  return toPublicApiClient(item, now);
}

/**
 * Where the client's keys come from: the key given, or the JWKS URL, judged by the network policy
 * of where Roster runs (a deployment fetches only https from public addresses), so a URL that could
 * never be fetched is refused now rather than at the client's first token request.
 */
async function keySource(deps: Pick<Deps, "settings">, input: CreateApiClientInput): Promise<{ key: Omit<ClientKey, "addedAt"> | null; jwksUri: string | null }> {
  const issues = keySourceIssues(input);
  if (issues.length > 0) throw RequestError.invalid(issues[0]!.message, issues);
  if (input.jwksUri === undefined) {
    const key = await parsePublicKey(input.publicKey!);
    return { key: { kid: key.kid, jwk: key.jwk, notAfter: null }, jwksUri: null };
  }
  // The route has checked it already; a caller in process may not have.
  const parsed = JwksUriInput.safeParse(input.jwksUri);
  if (!parsed.success) throw RequestError.invalid(parsed.error.issues[0]!.message, [{ path: "jwksUri", message: parsed.error.issues[0]!.message }]);
  const refused = urlRefusal(new URL(parsed.data), { allowLoopback: deps.settings.allowLoopbackFetch });
  if (refused) throw RequestError.invalid(refused, [{ path: "jwksUri", message: refused }]);
  return { key: null, jwksUri: input.jwksUri };
}
