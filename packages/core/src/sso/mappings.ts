import { roleFits } from "../store/memberships";
import { Keys } from "../store/keys";
import type { ItemSet } from "../store/read";
import { decodeTenant } from "../store/tenants";
import type { PutSsoInput } from "./schemas";
import { isMappable } from "./access";
import { SsoError } from "./sso";

/**
 * What the schema cannot see in a mapping: every tenant it names exists (tenants are never deleted,
 * so the read before the write suffices), and a membership of a group that also maps to a role is
 * one that role can hold (CLIENT_* for client users, OPERATOR_* for operators and contractors).
 * No group maps to CONTRACTOR (see ROLE_PRECEDENCE). A group mapped to memberships alone is allowed: its people get their role from another group,
 * and a sign-in grants only the memberships that fit the role it arrived at.
 */
export function checkMappings(input: Pick<PutSsoInput, "roles" | "memberships">, tenants: ItemSet): void {
  input.roles.forEach((mapping, index) => {
    if (!isMappable(mapping.role)) throw SsoError.contractorUnmapped(mapping.group, `roles.${index}.role`);
  });
  const roleOf = new Map(input.roles.map((mapping) => [mapping.group, mapping.role]));
  input.memberships.forEach((mapping, index) => {
    if (!tenants.get(Keys.tenant(mapping.tenant), decodeTenant)) throw SsoError.unknownTenant(mapping.tenant, `memberships.${index}.tenant`);
    const role = roleOf.get(mapping.group);
    if (role !== undefined && !roleFits(role, mapping.role)) throw SsoError.roleMismatch(mapping.group, role, mapping.role, `memberships.${index}.role`);
  });
}
