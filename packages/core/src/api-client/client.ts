import type { Scope } from "../actor";
import { error } from "../error";
import type { ApiClientItem, ClientKey } from "../store/api-clients";

export type { ApiClientItem, ClientKey };
export type ApiClientType = ApiClientItem["clientType"];
export type ApiClientStatus = ApiClientItem["status"];

export type ApiClient = {
  id: string;
  name: string;
  type: ApiClientType;
  status: ApiClientStatus;
  scopes: Scope[];
  /** The current key's thumbprint; null for a client whose keys are in its JWKS. */
  keyId: string | null;
  /** The client's own JWKS, where its keys are; null for a client with a registered key. */
  jwksUri: string | null;
  /** The key the last rotation replaced, while it still works. */
  previousKey: { keyId: string; validUntil: string } | null;
  createdAt: string;
  createdBy: { id: string; email: string };
};

/** The keys an assertion may be signed with at `now`: the current one, and a replaced one inside its overlap. */
export const usableKeys = (item: Pick<ApiClientItem, "keys">, now: Date): ClientKey[] =>
  item.keys.filter((key) => key.notAfter === null || Date.parse(key.notAfter) > now.getTime());

export function toPublicApiClient(item: ApiClientItem, now: Date): ApiClient {
  // The current key never ends; a replaced one is listed while it still works. A JWKS client has neither.
  const [current, overlapping] = usableKeys(item, now);
  return {
    id: item.id,
    name: item.name,
    type: item.clientType,
    status: item.status,
    scopes: item.scopes,
    keyId: current?.kid ?? null,
    jwksUri: item.jwksUri ?? null,
    previousKey: overlapping ? { keyId: overlapping.kid, validUntil: overlapping.notAfter! } : null,
    createdAt: item.createdAt,
    createdBy: item.createdBy,
  };
}

const invalidKey = error("api_client.invalid_key", (reason: string) => ({ message: reason, details: { path: "publicKey" } }));

export const ApiClientError = {
  notFound: error("api_client.not_found", "No API client with this id."),
  invalidKey,
  sameKey: () => invalidKey("This is the client's current key: give the new one."),
  jwksManaged: error(
    "api_client.jwks_managed",
    "This client's keys are in its JWKS (jwksUri): rotate by publishing the new key there. Roster fetches it on the first assertion that names its kid.",
  ),
  notActive: error("api_client.not_active", "Only an ACTIVE API client can be disabled."),
  notDisabled: error("api_client.not_disabled", "Only a DISABLED API client can be enabled."),
  changed: error("api_client.changed", "The API client changed while this request was handled: read it again and retry."),
};
