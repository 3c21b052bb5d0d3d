import { User, type Deps, type Principal } from "@roster/core";

/**
 * The person an email names, found through the team's search index (one Query, whatever the size of
 * the team): the add-member form asks for an email rather than offering a list of everyone, which
 * would mean reading the whole team on every page load and a list nobody can scan past a few hundred.
 * The search matches prefixes, so the exact email is picked out of what it finds.
 */
export async function personByEmail(deps: Pick<Deps, "db">, principal: Principal, email: string): Promise<User.User | undefined> {
  const wanted = User.normalizeEmail(email);
  const found = await User.list(deps, principal, User.UserListQuery.parse({ q: wanted, limit: 10 }));
  return found.items.find((user) => User.normalizeEmail(user.email) === wanted);
}
