import type { Deps } from "../deps";
import { usableKeys, type ApiClientItem } from "./client";
import { jwksKeys } from "./jwks-cache";
import { OAuthError } from "./oauth-error";
import type { ClientPublicKey } from "./public-key";

/**
 * The keys an assertion of this client may be signed with now, narrowed to its `kid` when it names
 * one: the keys registered with the client (no I/O), or those its JWKS publishes (cached, fetched
 * when due). A JWKS that cannot be had leaves the client unauthenticated, with the reason in the
 * log and never in the answer.
 */
export async function signingKeys(deps: Pick<Deps, "clock" | "settings" | "log">, client: ApiClientItem, kid: string | undefined, now: Date): Promise<ClientPublicKey[]> {
  const named = (keys: ClientPublicKey[]) => keys.filter((key) => kid === undefined || key.kid === kid);
  if (client.jwksUri === undefined) return named(usableKeys(client, now));
  const fetched = await jwksKeys(deps, client.id, client.jwksUri, kid);
  if (!fetched.ok) {
    deps.log.warn("An API client's JWKS could not be used", { clientId: client.id, jwksUri: client.jwksUri, reason: fetched.reason });
    throw OAuthError.invalidClient();
  }
  return named(fetched.keys);
}
