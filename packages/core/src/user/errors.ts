import { error } from "../error";

export const UserError = {
  emailTaken: error("user.email_taken", (email: string) => `${email} already belongs to a member of this workspace.`),
  notFound: error("user.not_found", "No user has this id."),
  changed: error("user.changed", "The user changed while this request was handled. Reload and try again."),
};

/** Guards of the team's lifecycle (API.md: all 409). */
export const GuardError = {
  selfAction: error("user.self_action", "You cannot do this to your own account: ask another admin."),
  lastAdmin: error("user.last_admin", "This would leave the workspace without an active SUPER_ADMIN."),
  ownerProtected: error("user.owner_protected", "The owner cannot be deactivated, removed or demoted: transfer ownership first."),
  notActive: error("user.not_active", "Only an ACTIVE user can be deactivated, have MFA reset or receive ownership."),
  notDeactivated: error("user.not_deactivated", "Only a DEACTIVATED user can be reactivated."),
  notInvited: error("user.not_invited", "This user has completed setup: a setup link is only for INVITED users."),
  notEligibleOwner: error("user.not_eligible_owner", "Ownership can only go to an ACTIVE SUPER_ADMIN."),
  tooManyMemberships: error("user.too_many_memberships", (max: number) => `This user holds more than ${max} tenant memberships: revoke some before removing them.`),
};
