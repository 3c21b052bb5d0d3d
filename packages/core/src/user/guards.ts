import { actingUserId, type Caller } from "../actor";
import type { Deps } from "../deps";
import type { UpdateSpec, Expr } from "../store/expression";
import { explainConflict, type GuardedWrite } from "../store/transact";
import { changeUser, readUser, type UserItem } from "../store/users";
import { GuardError, UserError } from "./errors";

/*
 * The rules every admin action on a person is built from. Each is checked on the state read first
 * (for a precise answer) and again as a condition inside the transaction (so it holds when two
 * admins act at once).
 */

/** A person cannot act on their own account here, nor through a USER client that acts as them. */
export function refuseSelf(actor: Caller, targetId: string): void {
  if (actingUserId(actor) === targetId) throw GuardError.selfAction();
}

export const isActiveAdmin = (user: Pick<UserItem, "status" | "role">) => user.status === "ACTIVE" && user.role === "SUPER_ADMIN";

/** The person an admin acts on, read strongly consistent: admin decisions are taken on the latest state. */
export async function readTarget(deps: Pick<Deps, "db">, userId: string): Promise<UserItem> {
  const user = await readUser(deps.db, userId);
  if (!user) throw UserError.notFound();
  return user;
}

/**
 * Changes the target only if it is exactly the version that was read (and `condition` holds).
 * When it changed meanwhile, `recheck` runs the action's rules against the profile as it is now,
 * so the caller hears the rule that now fails (deactivated meanwhile, became the owner…) or, if
 * none does, `user.changed`.
 */
export function updateTarget(
  deps: Pick<Deps, "db">,
  name: string,
  target: UserItem,
  change: UpdateSpec,
  condition: Expr | undefined,
  recheck: (current: UserItem) => void,
): GuardedWrite {
  return changeUser(deps.db, name, target, change, condition, (current) => explainConflict(current, recheck, { notFound: UserError.notFound, changed: UserError.changed }));
}
