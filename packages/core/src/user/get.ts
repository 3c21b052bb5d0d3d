import type { Deps } from "../deps";
import { authorize, type Principal } from "../policy";
import { toPublicUser } from "../store/users";
import { readTarget } from "./guards";
import { withMemberships, type Me } from "./me";

/** One member of the team with their live tenant memberships. */
export async function get(deps: Pick<Deps, "db" | "clock">, principal: Principal, userId: string): Promise<Me> {
  authorize(principal, "users:read");
  return withMemberships(deps, toPublicUser(await readTarget(deps, userId)));
}
