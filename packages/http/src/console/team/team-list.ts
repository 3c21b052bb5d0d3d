import { isDomainError, User, type Auth, type Deps } from "@roster/core";

export const PAGE_SIZE = 25;

export type TeamFilters = { q?: string | undefined; status?: User.UserStatus | undefined; role?: User.User["role"] | undefined; cursor?: string | undefined };

/**
 * The filters in the team page's address (`q`, `status`, `role`, `cursor`). An address edited by
 * hand keeps the filters that make sense and drops the rest, rather than answering an error page.
 */
export function filtersOf(href: string): TeamFilters {
  const params = new URL(href, "http://console.invalid").searchParams;
  const shape = User.UserListQuery.shape;
  const given = (name: string) => params.get(name) || undefined;
  return {
    q: shape.q.safeParse(given("q")).data,
    status: shape.status.safeParse(given("status")).data,
    role: shape.role.safeParse(given("role")).data,
    cursor: shape.cursor.safeParse(given("cursor")).data,
  };
}

/**
 * One page of the team, in one round trip. A cursor that is not this list's (another search's, an
 * old bookmark) gives the first page and says so, rather than an error page.
 */
export async function readTeam(deps: Deps, principal: Auth.ConsolePrincipal, filters: TeamFilters): Promise<{ page: { items: User.User[]; nextCursor: string | null }; restarted: boolean }> {
  const query = { limit: PAGE_SIZE, q: filters.q, status: filters.status, role: filters.role };
  try {
    return { page: await User.list(deps, principal, { ...query, cursor: filters.cursor }), restarted: false };
  } catch (error) {
    if (!(isDomainError(error, "request.invalid") && filters.cursor)) throw error;
    return { page: await User.list(deps, principal, query), restarted: true };
  }
}
