import { z } from "zod";
import { SCOPES } from "../actor";
import type { Db } from "./client";
import { decoder } from "./decode";
import { absent, and, equals, increment, update, type UpdateSpec } from "./expression";
import { IndexKeys, Keys } from "./keys";
import { getItem } from "./read";
import { Write, type GuardedWrite } from "./transact";
import { putItem } from "./write";

/** A public key the client signs its assertions with. `notAfter`: the instant a replaced key stops working. */
const PublicJwkSchema = z.object({
  kty: z.string(),
  kid: z.string().optional(),
  n: z.string().optional(),
  e: z.string().optional(),
  crv: z.string().optional(),
  x: z.string().optional(),
  y: z.string().optional(),
});
export type PublicJwk = z.output<typeof PublicJwkSchema>;
const ClientKeySchema = z.object({ kid: z.string(), jwk: PublicJwkSchema, addedAt: z.string(), notAfter: z.string().nullable() });
export type ClientKey = z.output<typeof ClientKeySchema>;

const ApiClientSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal("ApiClient"),
  id: z.string(),
  name: z.string(),
  clientType: z.enum(["DELEGATED", "USER"]),
  status: z.enum(["ACTIVE", "DISABLED"]),
  scopes: z.array(z.enum(SCOPES)),
  /** The current key first, then the previous one while its overlap lasts; none for a client registered by `jwksUri`. */
  keys: z.array(ClientKeySchema),
  /** Where a client without registered keys publishes them (its JWKS); absent for a client with keys. */
  jwksUri: z.string().optional(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), email: z.string() }),
  updatedAt: z.string(),
  version: z.number(),
  /** Moves on each time the client is disabled: tokens issued before stay dead after it is enabled again. */
  tokenEpoch: z.number().optional(),
}).refine((item) => (item.keys.length > 0) !== (item.jwksUri !== undefined), "An API client has either keys or a jwksUri.");
export type ApiClientItem = z.output<typeof ApiClientSchema>;
export const decodeApiClient = decoder("API client", ApiClientSchema);

export const readApiClient = (db: Db, clientId: string) => getItem(db, Keys.apiClient(clientId), decodeApiClient);

export const putApiClient = (db: Db, item: ApiClientItem): GuardedWrite =>
  Write.put(db, "apiClients.create", { ...item, ...IndexKeys.apiClientList(item.createdAt, item.id) }, { condition: absent() });

/**
 * A change to a client read at `item.version`: applied only if the client is still that version;
 * when not, `explain` receives the client as it is now.
 */
export const changeApiClient = (db: Db, item: ApiClientItem, change: UpdateSpec, at: string, explain: (current: ApiClientItem | undefined) => Error): GuardedWrite =>
  Write.update(db, "apiClients.change", Keys.apiClient(item.id), update({ ...change, set: { ...change.set, updatedAt: at, version: increment() } }), {
    condition: equals("version", item.version),
    returnCurrent: true,
    onConflict: (current) => explain(current ? decodeApiClient(current) : undefined),
  });

/** The acting client must still be enabled when a change it asked for commits. */
export const stillActiveClient = (db: Db, clientId: string, onConflict: () => Error): GuardedWrite =>
  Write.check(db, "apiClients.stillActive", Keys.apiClient(clientId), { condition: and(equals("status", "ACTIVE"))!, onConflict });

/**
 * Claims an assertion's `jti`: good once, even when two requests race with it. Kept until the
 * assertion expires (then its `exp` refuses it anyway, so correctness never waits for TTL).
 */
export const claimAssertion = (db: Db, clientId: string, jti: string, exp: number) =>
  putItem(db, "apiClients.claimAssertion", { ...Keys.clientAssertion(clientId, jti), entity: "ClientAssertion", clientId, ttl: exp + 60 }, absent());
