import type { Deps } from "../../deps";
import { equals } from "../../store/expression";
import { countGroups, findGroupByName, readGroups, readMemberIds, type GroupItem } from "../../store/scim-groups";
import { parseFilter } from "../filter";
import { pageOf, type ListQuery } from "../paging";
import { GROUP_SCHEMA, toGroupView, type ScimGroupView } from "./group";

const FILTERABLE = ["displayName", "externalId"] as const;
type GroupFilter = { attribute: (typeof FILTERABLE)[number]; value: string }[];

export type ScimGroupPage = { groups: ScimGroupView[]; totalResults: number; startIndex: number };

/**
 * RFC 7644 §3.4.2 on Groups. `displayName eq` (what Okta and Entra ID send before creating one)
 * is one read of the name claim and one of the group; `externalId eq` reads the groups' index
 * with a filter. Without a filter: the groups oldest first, `totalResults` counted. Members are
 * read for each group on the page unless left out (`excludedAttributes=members`).
 */
export async function list(deps: Pick<Deps, "db">, query: ListQuery, options: { members: boolean }): Promise<ScimGroupPage> {
  const page = pageOf(query);
  let shown: GroupItem[];
  let totalResults: number;
  if (page.filter !== undefined) {
    const filter = parseFilter(page.filter, { attributes: FILTERABLE, schema: GROUP_SCHEMA });
    const found = (await candidates(deps, filter)).filter((group) => !group.deleting && matches(filter, group));
    shown = page.of(found);
    totalResults = found.length;
  } else {
    const [groups, total] = await Promise.all([readGroups(deps.db, page.end), countGroups(deps.db)]);
    shown = page.of(groups).filter((group) => !group.deleting);
    totalResults = total;
  }
  const groups = await Promise.all(shown.map(async (group) => toGroupView(group, options.members ? await readMemberIds(deps.db, group.id) : undefined)));
  return { groups, totalResults, startIndex: page.startIndex };
}

async function candidates(deps: Pick<Deps, "db">, filter: GroupFilter): Promise<GroupItem[]> {
  const byName = filter.find((term) => term.attribute === "displayName");
  if (byName) {
    const found = await findGroupByName(deps.db, byName.value);
    return found ? [found] : [];
  }
  return readGroups(deps.db, Number.POSITIVE_INFINITY, equals("externalId", filter[0]!.value));
}

/** displayName case-insensitively (as it is claimed), externalId exactly (the directory's own, caseExact). */
const matches = (filter: GroupFilter, group: GroupItem) =>
  filter.every(({ attribute, value }) => (attribute === "displayName" ? group.displayName.toLowerCase() === value.toLowerCase() : group.externalId === value));
