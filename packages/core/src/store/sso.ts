import { z } from "zod";
import { ROLES } from "../actor";
import type { Db } from "./client";
import { decoder } from "./decode";
import { absent, equals, exists } from "./expression";
import { Keys } from "./keys";
import { TENANT_ROLES } from "./memberships";
import { batchGet, getItem, type ItemSet } from "./read";
import { Write, type GuardedWrite } from "./transact";

/**
 * The workspace's one identity provider: where people sign in, which groups give which role and
 * which memberships, and whether password sign-in is off for the people it manages. The client
 * secret is sealed (secret-box.ts), bound to the issuer and client id it was given for.
 */
const SsoConfigSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal("SsoConfig"),
  issuer: z.string(),
  clientId: z.string(),
  /** Absent for a public client (PKCE alone, no secret). */
  sealedClientSecret: z.string().optional(),
  groupsClaim: z.string(),
  roles: z.array(z.object({ group: z.string(), role: z.enum(ROLES) })),
  memberships: z.array(z.object({ group: z.string(), tenant: z.string(), role: z.enum(TENANT_ROLES) })),
  enforced: z.boolean(),
  /**
   * The origin of the provider's authorization endpoint, from its discovery document when the
   * configuration was saved: the sign-in page's form goes there (through /v1/sso/start's
   * redirect), and its Content-Security-Policy must name it.
   */
  authorizationOrigin: z.string(),
  /** Moves on with every change: a write is conditioned on the version it was computed from. */
  version: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.object({ id: z.string(), email: z.string() }),
});
export type SsoConfigItem = z.output<typeof SsoConfigSchema>;
export const decodeSsoConfig = decoder("SSO configuration", SsoConfigSchema);

export const readSsoConfig = (db: Db) => getItem(db, Keys.sso(), decodeSsoConfig);

/**
 * The configuration and the tenants a new one names, read together: one round trip unless the
 * mapping names 100 tenants or more (then one per 100 keys).
 */
export async function readSsoConfigWithTenants(db: Db, slugs: string[]): Promise<{ current: SsoConfigItem | undefined; tenants: ItemSet }> {
  const items = await batchGet(db, [Keys.sso(), ...slugs.map(Keys.tenant)]);
  return { current: items.get(Keys.sso(), decodeSsoConfig), tenants: items };
}

/**
 * Puts the configuration computed from `previous` (the version read, or none): of concurrent
 * writes computed from the same version exactly one lands; the others hear `onConflict`.
 */
export const putSsoConfig = (db: Db, item: SsoConfigItem, previous: SsoConfigItem | undefined, onConflict: () => Error): GuardedWrite =>
  Write.put(db, "sso.configure", item, { condition: previous ? equals("version", previous.version) : absent(), onConflict });

export const deleteSsoConfig = (db: Db, onConflict: () => Error): GuardedWrite => Write.delete(db, "sso.remove", Keys.sso(), { condition: exists(), onConflict });
