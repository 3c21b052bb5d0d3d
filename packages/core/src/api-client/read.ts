import type { Deps } from "../deps";
import { authorize, type Principal } from "../policy";
import { decodeApiClient } from "../store/api-clients";
import { equals } from "../store/expression";
import { IndexKeys, Keys } from "../store/keys";
import { decodeCursor, keyString, queryPage, type Page } from "../store/page";
import { readClient } from "./change";
import { toPublicApiClient, type ApiClient } from "./client";
import type { ListApiClientsQuery } from "./schemas";

const LIST_SORT_KEY = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#cli_[0-9a-z]{24}$/;

/** Every client, newest first: one Query of the list index. */
export async function list(deps: Pick<Deps, "db" | "clock">, principal: Principal, query: ListApiClientsQuery): Promise<Page<ApiClient>> {
  authorize(principal, "api-clients:read");
  const partition = IndexKeys.apiClientListPartition;
  const last = query.cursor ? decodeCursor(query.cursor, LIST_SORT_KEY) : undefined;
  const now = deps.clock.now();
  return queryPage(
    deps.db,
    {
      index: "gsi1",
      key: equals("gsi1pk", partition),
      descending: true,
      limit: query.limit,
      startKey: last ? { ...Keys.apiClient(last.slice(last.indexOf("#") + 1)), gsi1pk: partition, gsi1sk: last } : undefined,
    },
    (item) => toPublicApiClient(decodeApiClient(item), now),
    (lastKey) => keyString(lastKey, "gsi1sk"),
  );
}

export async function get(deps: Pick<Deps, "db" | "clock">, principal: Principal, clientId: string): Promise<ApiClient> {
  authorize(principal, "api-clients:read");
  return toPublicApiClient(await readClient(deps, clientId), deps.clock.now());
}
