export { grant } from "./grant";
export { revoke } from "./revoke";
export { ofTenant, ofUser, all } from "./list";
export { tenantAccess, type TenantAccess } from "./access";
export { TENANT_ROLES, MembershipError, isLive, type Membership, type MembershipItem, type TenantRole } from "./membership";
export { PutMembershipInput, MembershipParams, MembershipListQuery, TenantRoleSchema } from "./schemas";
