import type { Deps } from "../../deps";
import { equals } from "../../store/expression";
import { countTeam, findProfileByEmail, readTeam } from "../../store/scim-users";
import { matches, parseFilter, type Filter } from "../filter";
import { pageOf, type ListQuery } from "../paging";
import { toScimPerson, type ScimPerson } from "../person";

export type ScimPage = { people: ScimPerson[]; totalResults: number; startIndex: number };

/**
 * RFC 7644 §3.4.2. With a filter: a `userName` term is one Query of the email index (what Okta
 * and Entra ID send before provisioning); `externalId` or `displayName` alone read the team index
 * with a filter. Either way every term is then checked on what was read, and the matches are
 * counted exactly. Without one: the team oldest first, `startIndex`/`count` read off the index
 * (O(startIndex + count)), and `totalResults` counted by a COUNT Query of the team index.
 */
export async function list(deps: Pick<Deps, "db">, query: ListQuery): Promise<ScimPage> {
  const page = pageOf(query);
  if (page.filter !== undefined) {
    const filter = parseFilter(page.filter);
    const found = (await candidates(deps, filter)).map(toScimPerson).filter((person) => matches(filter, person));
    return { people: page.of(found), totalResults: found.length, startIndex: page.startIndex };
  }
  const [team, totalResults] = await Promise.all([readTeam(deps.db, page.end), countTeam(deps.db)]);
  return { people: page.of(team).map(toScimPerson), totalResults, startIndex: page.startIndex };
}

async function candidates(deps: Pick<Deps, "db">, filter: Filter) {
  const byEmail = filter.find((term) => term.attribute === "userName");
  if (byEmail) {
    const found = await findProfileByEmail(deps.db, byEmail.value);
    return found ? [found] : [];
  }
  const [first] = filter;
  // Every profile has `emailLower`; `nameLower` is the display name lowercased, so displayName matches case-insensitively.
  const condition = first!.attribute === "externalId" ? equals("externalId", first!.value) : equals("nameLower", first!.value.toLowerCase());
  return readTeam(deps.db, Number.POSITIVE_INFINITY, condition);
}
