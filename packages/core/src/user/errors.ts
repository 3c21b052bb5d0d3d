import { DomainError } from "../error";

/** Guards of the team's lifecycle (API.md: all 409). */
export const GuardError = {
  selfAction: () => new DomainError("user.self_action", "You cannot do this to your own account: ask another admin."),
  lastAdmin: () => new DomainError("user.last_admin", "This would leave the workspace without an active SUPER_ADMIN."),
  ownerProtected: () =>
    new DomainError("user.owner_protected", "The owner cannot be deactivated, removed or demoted: transfer ownership first."),
  notActive: () => new DomainError("user.not_active", "Only an ACTIVE user can be deactivated, have MFA reset or receive ownership."),
  notDeactivated: () => new DomainError("user.not_deactivated", "Only a DEACTIVATED user can be reactivated."),
  notInvited: () => new DomainError("user.not_invited", "This user has completed setup: a setup link is only for INVITED users."),
  notEligibleOwner: () => new DomainError("user.not_eligible_owner", "Ownership can only go to an ACTIVE SUPER_ADMIN."),
  roleMismatch: () =>
    new DomainError("membership.role_mismatch", "The user holds tenant memberships the new role cannot hold: revoke them first."),
  tooManyMemberships: (max: number) =>
    new DomainError("user.too_many_memberships", `This user holds more than ${max} tenant memberships: revoke some before removing them.`),
  changed: () => new DomainError("user.changed", "The user changed while this request was handled. Reload and try again."),
};
