/** The most a page holds (ServiceProviderConfig's `filter.maxResults`): a larger `count` is lowered to it. */
export const MAX_RESULTS = 100;

export type ListQuery = { filter?: string; startIndex?: number; count?: number };

/**
 * A list request's page, as RFC 7644 §3.4.2.4 reads it: `startIndex` 1-based (below 1 is 1),
 * `count` between 0 and MAX_RESULTS (absent is MAX_RESULTS), a blank filter none at all.
 */
export function pageOf(query: ListQuery) {
  const startIndex = Math.max(1, query.startIndex ?? 1);
  const count = Math.min(MAX_RESULTS, Math.max(0, query.count ?? MAX_RESULTS));
  const filter = query.filter !== undefined && query.filter.trim() !== "" ? query.filter : undefined;
  /** How many items, from the first, the page reaches to. */
  const end = startIndex - 1 + count;
  return { startIndex, filter, end, of: <T>(items: T[]): T[] => items.slice(startIndex - 1, end) };
}
