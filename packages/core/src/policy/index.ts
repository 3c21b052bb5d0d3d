export type { Principal, Account, TenantMembership } from "./principal";
export { PERMISSIONS, GLOBAL_ROLE_PERMISSIONS, TENANT_ROLE_PERMISSIONS, SCOPE_GRANTS, PERSON_ONLY, HOLDS_TENANT_ROLES, type Permission, type TenantPermission } from "./permissions";
export { AccessError } from "./access-error";
export { can, scopesAllow, missingScope, authorize, authorizeTenant, isLiveMembership, requireCaller, requirePerson, ownAccount, requireSession, refuseClientGranting, setupUrlFor, type Target } from "./can";
export { stillAllowed } from "./still-allowed";
