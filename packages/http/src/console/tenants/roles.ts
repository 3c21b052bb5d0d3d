import type { Membership } from "@roster/core";
import type { Option } from "../ui";

/** Tenant roles as people read them; the API's names stay the options' values. */
const LABELS: Record<Membership.TenantRole, string> = {
  OPERATOR_FULL: "Operator, full",
  OPERATOR_READONLY: "Operator, read-only",
  CLIENT_ADMIN: "Client admin",
  CLIENT_VIEWER: "Client viewer",
};

const BY_NAME = new Map<string, string>(Object.entries(LABELS));

export const tenantRoleLabel = (role: string): string => BY_NAME.get(role) ?? role;

const option = (role: Membership.TenantRole): Option => ({ value: role, label: `${LABELS[role]} (${role})` });

/** Staff hold operators' roles, client users clients' ones: the add-member form offers all, and the API says which fits. */
export const ANY_TENANT_ROLE: Option[] = (["OPERATOR_FULL", "OPERATOR_READONLY", "CLIENT_ADMIN", "CLIENT_VIEWER"] as const).map(option);

/** What a staff member's membership can become. */
export const OPERATOR_ROLES: Option[] = (["OPERATOR_FULL", "OPERATOR_READONLY"] as const).map(option);

/** What an invitation makes: a client user, with a client's role. */
export const CLIENT_ROLES: Option[] = (["CLIENT_VIEWER", "CLIENT_ADMIN"] as const).map(option);

/** A client user's membership: the only kind a tenant's client admin manages. */
export const isClientRole = (role: string) => role.startsWith("CLIENT_");
