import type { UserItem } from "../../store/users";
import { ScimError } from "../errors";

/**
 * What a directory may change: people it or the identity provider made. A person invited in
 * Roster (`local`: the owner and the admins who set SSO up among them) is read but never changed
 * or removed by it, so a directory that matches an admin by userName cannot cut them off. The
 * owner is never deactivated or removed by it, whatever their source (DESIGN.md's owner rule).
 */
export function refuseUnmanaged(target: UserItem, change: { cutsOff: boolean }): void {
  if (target.isOwner && change.cutsOff) throw ScimError.ownerProtected();
  if (target.source === "local") throw ScimError.localPerson();
}
