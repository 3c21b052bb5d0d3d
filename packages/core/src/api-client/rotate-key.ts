import type { RequestContext } from "../actor";
import type { Deps } from "../deps";
import { authorize, requirePerson, requireSession, type Principal } from "../policy";
import { commitChange, readClient } from "./change";
import { ApiClientError, toPublicApiClient, type ApiClient, type ClientKey } from "./client";
import { parsePublicKey } from "./public-key";
import type { RotateApiClientKeyInput } from "./schemas";

/**
 * Replaces the client's key. The replaced key keeps working for `previousKeyValidSeconds` (0: not
 * at all), so a fleet can move to the new key without a gap; a key replaced earlier and still in
 * its overlap ends now, since a client has at most one key besides its current one.
 */
export async function rotateKey(
  deps: Pick<Deps, "db" | "clock">,
  principal: Principal,
  clientId: string,
  input: RotateApiClientKeyInput,
  context: RequestContext,
): Promise<ApiClient> {
  const { actor } = principal;
  requirePerson(actor);
  authorize(principal, "api-clients:write");
  requireSession(actor);
  const item = await readClient(deps, clientId);
  // Its keys are whatever its JWKS publishes now: a key registered here would never be looked at.
  if (item.jwksUri !== undefined) throw ApiClientError.jwksManaged();
  const key = await parsePublicKey(input.publicKey);
  const current = item.keys[0]!;
  if (key.kid === current.kid) throw ApiClientError.sameKey();

  const now = deps.clock.now();
  const keys: ClientKey[] = [
    { kid: key.kid, jwk: key.jwk, addedAt: now.toISOString(), notAfter: null },
    ...(input.previousKeyValidSeconds > 0 ? [{ ...current, notAfter: new Date(now.getTime() + input.previousKeyValidSeconds * 1000).toISOString() }] : []),
  ];
  await commitChange(
    deps,
    actor,
    item,
    {
      update: { set: { keys } },
      audit: "API_CLIENT_KEY_ROTATED",
      // Whatever changed meanwhile (another rotation), this one was decided on a key that is gone.
      recheck: () => undefined,
    },
    context,
  );
  return toPublicApiClient({ ...item, keys, version: item.version + 1 }, now);
}
