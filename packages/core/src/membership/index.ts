export { grant } from "./grant";
export { revoke } from "./revoke";
export { inviteClient, type ClientInvitation, type ClientRole } from "./invite-client";
export { expireDue, type ExpiryDeps, type ExpiryRun, type ExpiryOptions } from "./expire-due";
export { ofTenant, ofUser, all } from "./list";
export { tenantAccess, type TenantAccess } from "./access";
export { TENANT_ROLES, MembershipError, isLive, type Membership, type MembershipItem, type TenantRole } from "./membership";
export { PutMembershipInput, MembershipParams, MembershipListQuery, TenantRoleSchema, InviteClientInput, ClientRoleSchema } from "./schemas";
