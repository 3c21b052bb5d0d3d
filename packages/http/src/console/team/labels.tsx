import { ROLES, type Membership, type Role, type User } from "@roster/core";
import type { Option } from "../ui";

/** The words people read for the API's constants: roles, statuses, tenant roles. */
export const ROLE_LABELS: Record<Role, string> = {
  SUPER_ADMIN: "Super admin",
  VIEWER: "Viewer",
  OPERATOR: "Operator",
  CONTRACTOR: "Contractor",
  CLIENT_USER: "Client user",
};

export const STATUS_LABELS: Record<User.UserStatus, string> = { INVITED: "Invited", ACTIVE: "Active", DEACTIVATED: "Deactivated" };

const TENANT_ROLE_LABELS: Record<Membership.TenantRole, string> = {
  OPERATOR_FULL: "Operator (full)",
  OPERATOR_READONLY: "Operator (read-only)",
  CLIENT_ADMIN: "Client admin",
  CLIENT_VIEWER: "Client viewer",
};

export const roleOptions: Option[] = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
const STATUSES = ["INVITED", "ACTIVE", "DEACTIVATED"] as const satisfies readonly User.UserStatus[];
export const statusOptions: Option[] = STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }));
export const ANY: Option = { value: "", label: "Any" };

export const tenantRoleLabel = (role: Membership.TenantRole) => TENANT_ROLE_LABELS[role];

const STATUS_BADGES: Record<User.UserStatus, string> = { INVITED: "badge-warning", ACTIVE: "badge-success", DEACTIVATED: "badge-danger" };

/**
 * A person's status as a badge, with what an admin would want to know next to it: an invitation
 * past its link's expiry needs a new link, an active person whose authenticator was reset has not
 * set up a new one yet.
 */
export function StatusBadge({ user, now }: { user: User.User; now: Date }) {
  const expired = user.status === "INVITED" && user.setupExpiresAt !== null && user.setupExpiresAt <= now.toISOString();
  return (
    <span class="status-line">
      <span class={`badge ${STATUS_BADGES[user.status]}`}>{STATUS_LABELS[user.status]}</span>
      {expired ? <span class="muted">link expired</span> : null}
      {user.status === "ACTIVE" && !user.mfaEnrolled ? <span class="muted">authenticator reset</span> : null}
    </span>
  );
}

/** The role, and the owner's mark beside it. */
export function RoleLabel({ user }: { user: Pick<User.User, "role" | "isOwner"> }) {
  return (
    <span class="status-line">
      <span>{ROLE_LABELS[user.role]}</span>
      {user.isOwner ? <span class="badge">Owner</span> : null}
    </span>
  );
}
