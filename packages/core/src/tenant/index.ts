export { create } from "./create";
export { get, list, portal, type Portal } from "./read";
export { TenantError, toTenant, type Tenant } from "./tenant";
export { SlugSchema } from "../store/tenants";
export { CreateTenantInput, TenantListQuery } from "./schemas";
