import { accountable, type RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { authorize, type Principal } from "../policy";
import { Keys } from "../store/keys";
import { putTenant, type TenantItem } from "../store/tenants";
import { transact } from "../store/transact";
import { TenantError, toTenant, type Tenant } from "./tenant";

/** A new tenant; the slug is claimed by the item's own key, so two creations cannot both win. */
export async function create(deps: Deps, principal: Principal, input: { slug: string; name: string }, context: RequestContext): Promise<Tenant> {
  authorize(principal, "tenants:write");
  const { actor } = principal;
  const item: TenantItem = {
    ...Keys.tenant(input.slug),
    entity: "Tenant",
    slug: input.slug,
    name: input.name,
    createdAt: deps.clock.now().toISOString(),
    createdBy: accountable(actor),
  };
  await transact(deps.db, [
    putTenant(deps.db, item, () => TenantError.slugTaken(input.slug)),
    Audit.write(deps, { type: "TENANT_CREATED", actor, target: { type: "tenant", id: input.slug }, tenant: input.slug, context }),
  ]);
  return toTenant(item);
}
