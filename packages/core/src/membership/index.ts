export { grant } from "./grant";
export { revoke } from "./revoke";
export { inviteClient, type ClientInvitation, type ClientRole } from "./invite-client";
export { expireDue, type ExpiryDeps, type ExpiryRun, type ExpiryOptions } from "./expire-due";
export { ofTenant, all } from "./list";
export { MembershipError, toMembership, type Membership, type MembershipItem, type TenantRole } from "./membership";
export { TENANT_ROLES, isLive } from "../store/memberships";
export { PutMembershipInput, MembershipParams, MembershipListQuery, TenantRoleSchema, InviteClientInput, ClientRoleSchema } from "./schemas";
