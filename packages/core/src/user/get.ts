import type { Actor } from "../actor";
import type { Deps } from "../deps";
import { requireSuperAdmin } from "../policy";
import { withMemberships, type Me } from "./me";
import { readUser } from "./read";
import { toPublicUser } from "./user";

/** One member of the team with their live tenant memberships. */
export async function get(deps: Pick<Deps, "db" | "clock">, actor: Actor, userId: string): Promise<Me> {
  requireSuperAdmin(actor, "users:read");
  return withMemberships(deps, toPublicUser(await readUser(deps, userId)));
}
