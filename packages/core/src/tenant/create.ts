import { accountable, type Actor, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { IndexKeys, Keys } from "../db/keys";
import { transact, Write } from "../db/transact";
import type { Deps } from "../deps";
import { requireSuperAdmin } from "../policy";
import { TenantError, toTenant, type Tenant, type TenantItem } from "./tenant";

/** A new tenant; the slug is claimed by the item's own key, so two creations cannot both win. */
export async function create(deps: Deps, actor: Actor, input: { slug: string; name: string }, context: RequestContext): Promise<Tenant> {
  requireSuperAdmin(actor, "tenants:write");
  const item: TenantItem = {
    ...Keys.tenant(input.slug),
    ...IndexKeys.tenantList(input.slug),
    entity: "Tenant",
    slug: input.slug,
    name: input.name,
    createdAt: deps.clock.now().toISOString(),
    createdBy: accountable(actor),
  } as TenantItem;
  await transact(deps.db, [
    { write: Write.put(deps.db, item, { ConditionExpression: "attribute_not_exists(pk)" }), onConflict: () => TenantError.slugTaken(input.slug) },
    Audit.write(deps, { type: "TENANT_CREATED", actor, target: { type: "tenant", id: input.slug }, tenant: input.slug, context }),
  ]);
  return toTenant(item);
}
