/** The page's URL with some query parameters set (a string) or removed (null): how links keep a page's filters. */
export function withQuery(url: string, changes: Record<string, string | null | undefined>): string {
  const target = new URL(url, "http://console.invalid");
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === "") target.searchParams.delete(name);
    else target.searchParams.set(name, value);
  }
  const query = target.searchParams.toString();
  return `${target.pathname}${query ? `?${query}` : ""}`;
}

const FIRST_PAGE = "-";

/**
 * Next and Previous for a cursor-paged list. The cursors of the pages before this one travel in
 * `trail`, so Previous needs no state on the server: it pops the last one off.
 */
export function pageLinks(url: string, nextCursor: string | null): { next: string | null; previous: string | null } {
  const here = new URL(url, "http://console.invalid");
  const cursor = here.searchParams.get("cursor");
  const trail = (here.searchParams.get("trail") ?? "").split(",").filter(Boolean);
  const next = nextCursor ? withQuery(url, { cursor: nextCursor, trail: [...trail, cursor ?? FIRST_PAGE].join(",") }) : null;
  if (!cursor) return { next, previous: null };
  const back = trail.at(-1);
  const previous = withQuery(url, { cursor: back && back !== FIRST_PAGE ? back : null, trail: trail.slice(0, -1).join(",") || null });
  return { next, previous };
}

/**
 * Where to go after signing in: a console or portal page of this origin, never another site (an
 * open redirect would let a phishing link end on a page of the attacker's after a real sign-in).
 */
export function safeNext(next: string | undefined): string {
  if (!next || !/^\/(console|portal)(\/|$|\?)/.test(next) || next.startsWith("//") || next.includes("\\")) return "/console";
  return next;
}
