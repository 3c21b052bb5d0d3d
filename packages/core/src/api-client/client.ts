import type { JWK } from "jose";
import type { Scope } from "../actor";
import { DomainError } from "../error";

export type ApiClientType = "DELEGATED" | "USER";
export type ApiClientStatus = "ACTIVE" | "DISABLED";

/** A public key the client signs its assertions with. `notAfter`: the instant a replaced key stops working. */
export type ClientKey = { kid: string; jwk: JWK; addedAt: string; notAfter: string | null };

export type ApiClientItem = {
  pk: string;
  sk: string;
  entity: "ApiClient";
  id: string;
  name: string;
  clientType: ApiClientType;
  status: ApiClientStatus;
  scopes: Scope[];
  /** The current key first, then the previous one while its overlap lasts. */
  keys: ClientKey[];
  createdAt: string;
  createdBy: { id: string; email: string };
  updatedAt: string;
  version: number;
  /** Moves on each time the client is disabled: tokens issued before stay dead after it is enabled again. */
  tokenEpoch?: number;
  gsi1pk: string;
  gsi1sk: string;
};

export type ApiClient = {
  id: string;
  name: string;
  type: ApiClientType;
  status: ApiClientStatus;
  scopes: Scope[];
  keyId: string;
  /** The key the last rotation replaced, while it still works. */
  previousKey: { keyId: string; validUntil: string } | null;
  createdAt: string;
  createdBy: { id: string; email: string };
};

/** The keys an assertion may be signed with at `now`: the current one, and a replaced one inside its overlap. */
export const usableKeys = (item: Pick<ApiClientItem, "keys">, now: Date): ClientKey[] =>
  item.keys.filter((key) => key.notAfter === null || Date.parse(key.notAfter) > now.getTime());

export function toPublicApiClient(item: ApiClientItem, now: Date): ApiClient {
  // The current key never ends; a replaced one is listed while it still works.
  const [current, overlapping] = usableKeys(item, now);
  return {
    id: item.id,
    name: item.name,
    type: item.clientType,
    status: item.status,
    scopes: item.scopes,
    keyId: current!.kid,
    previousKey: overlapping ? { keyId: overlapping.kid, validUntil: overlapping.notAfter! } : null,
    createdAt: item.createdAt,
    createdBy: item.createdBy,
  };
}

const invalidKey = (reason: string) => new DomainError("api_client.invalid_key", reason, { path: "publicKey" });

export const ApiClientError = {
  notFound: () => new DomainError("api_client.not_found", "No API client with this id."),
  invalidKey,
  sameKey: () => invalidKey("This is the client's current key: give the new one."),
  notActive: () => new DomainError("api_client.not_active", "Only an ACTIVE API client can be disabled."),
  notDisabled: () => new DomainError("api_client.not_disabled", "Only a DISABLED API client can be enabled."),
  changed: () => new DomainError("api_client.changed", "The API client changed while this request was handled: read it again and retry."),
};
