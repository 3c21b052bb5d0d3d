import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { requireSuperAdmin } from "../policy";
import type { Membership } from "./me";
import { readUser } from "./read";
import { toPublicUser, type User } from "./user";

/** One member of the team with their tenant memberships (none until tenants exist). */
export async function get(deps: Pick<Deps, "db">, actor: Actor, userId: string): Promise<User & { memberships: Membership[] }> {
  requireSuperAdmin(actor);
  return { ...toPublicUser(await readUser(deps, userId)), memberships: [] };
}
