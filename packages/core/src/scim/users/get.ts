import type { Deps } from "../../deps";
import { readUser } from "../../store/users";
import * as User from "../../user";
import { toScimPerson, type ScimPerson } from "../person";

/** One person of the workspace, whatever their source: a directory may read everyone (it matches people by userName). */
export async function get(deps: Pick<Deps, "db">, userId: string): Promise<ScimPerson> {
  const user = await readUser(deps.db, userId);
  if (!user) throw User.UserError.notFound();
  return toScimPerson(user);
}
