import { error } from "../error";

export const AccessError = {
  /** Also what a non-member hears about a tenant that exists: its existence is not theirs to learn. */
  tenantNotFound: error("tenant.not_found", "No tenant with this slug is visible to you."),
  /** The global role and the tenant role do not fit, as a grant or as a role change that would strand memberships. */
  roleMismatch: error(
    "membership.role_mismatch",
    "The user's role and the tenant role do not fit: OPERATOR_* memberships are for operators and contractors, CLIENT_* for client users, " +
      "and SUPER_ADMINs and VIEWERs hold none. To change a role, first revoke the memberships the new role cannot hold.",
  ),
};
