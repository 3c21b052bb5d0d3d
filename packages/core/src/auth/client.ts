import type { Deps } from "../deps";
import { AuthError } from "../error";
import type { Principal } from "../policy";
import { decodeApiClient } from "../store/api-clients";
import { Keys } from "../store/keys";
import { batchGet } from "../store/read";
import { decodeUser } from "../store/users";
import type { ClientAccessClaims } from "../tokens/access-token";
import { scopedKeys, scopedMembership, toAccount, type AuthScope } from "./account";

/**
 * An API client's access token, in the one round trip every request has: the client (a disabled
 * one is refused at once, and a token from before a disable stays refused after an enable) and,
 * for a USER client, the creator's profile and tenant membership, so the client dies with its
 * creator's access and acts with the creator's role as it is now. The scopes are those the token
 * was given that the client still has.
 */
export async function authenticateClient(deps: Pick<Deps, "db">, claims: ClientAccessClaims, scope: AuthScope): Promise<Principal> {
  const clientKey = Keys.apiClient(claims.clientId);
  const userId = claims.actingUserId;
  const items = await batchGet(deps.db, [clientKey, ...(userId ? [Keys.user(userId), ...scopedKeys(userId, scope)] : [])]);
  const client = items.get(clientKey, decodeApiClient);
  if (!client || client.status !== "ACTIVE" || (client.tokenEpoch ?? 0) !== claims.epoch) throw AuthError.unauthenticated();
  const scopes = client.scopes.filter((granted) => claims.scopes.includes(granted));
  if (!userId) {
    if (client.clientType !== "DELEGATED") throw AuthError.unauthenticated();
    return {
      actor: { type: "api_client", id: client.id, name: client.name, clientType: "DELEGATED", scopes, role: "SUPER_ADMIN", accountable: client.createdBy },
      account: null,
      // Acting for the workspace it reaches every tenant as an admin does, through no membership.
      membership: scope.tenant ? null : undefined,
    };
  }
  const user = items.get(Keys.user(userId), decodeUser);
  if (client.clientType !== "USER" || client.createdBy.id !== userId) throw AuthError.unauthenticated();
  if (!user || user.status !== "ACTIVE" || !user.mfaEnrolled) throw AuthError.unauthenticated();
  return {
    actor: { type: "api_client", id: client.id, name: client.name, clientType: "USER", scopes, role: user.role, accountable: { id: user.id, email: user.email } },
    account: toAccount(user),
    membership: scopedMembership(items, user.id, scope),
  };
}
