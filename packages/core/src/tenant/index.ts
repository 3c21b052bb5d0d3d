export { create } from "./create";
export { get, list } from "./read";
export { TenantError, SlugSchema, type Tenant } from "./tenant";
export { CreateTenantInput, TenantListQuery } from "./schemas";
