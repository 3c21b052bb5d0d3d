import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../actor";
import { IndexKeys, Keys } from "../db/keys";
import { decodeCursor, queryPage, type Page } from "../db/page";
import type { Deps } from "../deps";
import { requireSuperAdmin } from "../policy";
import { ApiClientError, toPublicApiClient, type ApiClient, type ApiClientItem } from "./client";
import type { ListApiClientsQuery } from "./schemas";

const LIST_SORT_KEY = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#cli_[0-9a-z]{24}$/;

/** Every client, newest first: one Query of the list index. */
export async function list(deps: Pick<Deps, "db" | "clock">, actor: Actor, query: ListApiClientsQuery): Promise<Page<ApiClient>> {
  requireSuperAdmin(actor, "api-clients:read");
  const partition = IndexKeys.apiClientListPartition;
  const last = query.cursor ? decodeCursor(query.cursor, LIST_SORT_KEY) : undefined;
  const now = deps.clock.now();
  return queryPage(
    deps.db,
    {
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": partition },
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: last ? { ...Keys.apiClient(last.slice(last.indexOf("#") + 1)), gsi1pk: partition, gsi1sk: last } : undefined,
    },
    (item) => toPublicApiClient(item as ApiClientItem, now),
    (lastKey) => lastKey.gsi1sk!,
  );
}

export async function get(deps: Pick<Deps, "db" | "clock">, actor: Actor, clientId: string): Promise<ApiClient> {
  requireSuperAdmin(actor, "api-clients:read");
  return toPublicApiClient(await readClient(deps, clientId), deps.clock.now());
}

export async function readClient(deps: Pick<Deps, "db">, clientId: string): Promise<ApiClientItem> {
  const { Item } = await deps.db.doc.send(new GetCommand({ TableName: deps.db.table, Key: Keys.apiClient(clientId), ConsistentRead: true }));
  if (!Item) throw ApiClientError.notFound();
  return Item as ApiClientItem;
}
