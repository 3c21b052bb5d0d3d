import { beforeAll, describe, expect, it } from "vitest";
import { bodyOf, csvCell, csvChunks, csvLine } from "../../packages/http/src/console/audit/csv";
import { AUDIT_SHARDS } from "@roster/core/store/keys";
import { createHarness, type Harness } from "../harness";

/** The session, then every shard of the trail at once. */
const PAGE_CALLS = 1 + AUDIT_SHARDS;

/**
 * `/console/audit` over HTTP: the trail, its filters and their refusals, the rows that open onto
 * before/after and the request, paging, and the CSV export of every filtered event.
 */
let h: Harness;
let owner: Awaited<ReturnType<Harness["owner"]>>;
let viewer: Awaited<ReturnType<Harness["member"]>>;
let operator: Awaited<ReturnType<Harness["member"]>>;
let changed: { id: string; email: string };

const PATH = "/console/audit";
const EXPORT = "/console/audit/export.csv";
const TENANTS = 120;
/** A user agent a spreadsheet would run as a formula, were it not escaped. */
const FORMULA_AGENT = "=HYPERLINK(\"https://evil.example\",\"click\"), really";

beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner("owner@audit-console.example");
  viewer = await h.member(owner.accessToken, "viewer@audit-console.example", "VIEWER");
  operator = await h.member(owner.accessToken, "operator@audit-console.example", "OPERATOR");
  changed = await h.activeUser(owner.accessToken, "changed@audit-console.example", "OPERATOR");
  const role = await h.call("PUT", `/v1/users/${changed.id}/role`, {
    token: owner.accessToken,
    body: { role: "VIEWER" },
    headers: { "User-Agent": FORMULA_AGENT, "X-Request-Id": "trace-0001-role" },
    ip: "198.51.100.7",
  });
  expect(role.status).toBe(200);
  // More events than one page of the export: one Query reads at most 100.
  for (let batch = 0; batch < TENANTS; batch += 20) {
    await Promise.all(Array.from({ length: 20 }, (_, i) => h.createTenant(owner.accessToken, `audit-${String(batch + i).padStart(3, "0")}`)));
  }
});

const cookieOf = (person: { email: string; secret: string }) => h.consoleCookie(person.email, person.secret);
const rowsOf = (html: string) => [...html.matchAll(/<tr><td data-label="When">.*?<\/tr>/gs)].map((match) => match[0]);
const typesOf = (html: string) => rowsOf(html).map((row) => /<summary><code>([A-Z_]+)<\/code>/.exec(row)![1]);
const linkNamed = (html: string, name: string) => /href="([^"]+)"[^>]*>\s*NAME\s*</.source.replace("NAME", name);
const hrefOf = (html: string, name: string) => new RegExp(linkNamed(html, name)).exec(html)?.[1]?.replaceAll("&amp;", "&");

describe("the audit log page", () => {
  it("shows the trail newest first with its filters and export, the session and the trail's shards read once each", async () => {
    const res = await h.call("GET", PATH, { cookie: await cookieOf(owner) });
    expect(res.status).toBe(200);
    expect(res.calls).toBe(PAGE_CALLS);
    expect(res.body).toContain("<h1>Audit log</h1>");
    for (const header of ["When", "Event", "Actor", "Target"]) expect(res.body).toContain(`<th scope="col">${header}</th>`);
    for (const label of ["Event type", "Actor", "From", "To"]) expect(res.body).toMatch(new RegExp(`<label for="field-[a-z]+">${label}</label>`));
    expect(res.body).toContain('<option value="" selected="">Any</option>');
    expect(res.body).toContain('<option value="MEMBERSHIP_EXPIRED">MEMBERSHIP_EXPIRED</option>');
    expect(res.body).toMatch(/<button type="submit">Apply<\/button>/);
    expect(res.body).toContain("UTC");
    expect(hrefOf(res.body, "Export CSV")).toBe(EXPORT);
    expect(rowsOf(res.body)).toHaveLength(50);
  });

  it("is open to a VIEWER, the 403 page for an operator, and sign-in for the signed-out", async () => {
    const read = await h.call("GET", PATH, { cookie: await cookieOf(viewer) });
    expect(read.status).toBe(200);
    expect(read.calls).toBe(PAGE_CALLS);
    const refused = await h.call("GET", PATH, { cookie: await cookieOf(operator) });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("<h1>You don&#39;t have access to this page</h1>");
    expect((await h.call("GET", `${EXPORT}?type=LOGOUT`, { cookie: await cookieOf(operator) })).status).toBe(403);
    expect((await h.call("GET", PATH)).headers.get("location")).toBe(`/console/sign-in?next=${encodeURIComponent(PATH)}`);
  });

  it("opens a row onto the change, before and after, and the request it came from", async () => {
    const res = await h.call("GET", `${PATH}?type=USER_ROLE_CHANGED`, { cookie: await cookieOf(viewer) });
    const [row, ...others] = rowsOf(res.body);
    expect(others).toEqual([]);
    expect(row).toContain('<details class="audit-event"><summary><code>USER_ROLE_CHANGED</code></summary>');
    expect(row).toMatch(/<dt>role<\/dt><dd><span class="change"><span class="change-label">Before<\/span> <code>OPERATOR<\/code><\/span><span class="change"><span class="change-label">After<\/span> <code>VIEWER<\/code>/);
    expect(row).toContain("198.51.100.7");
    expect(row).toContain("trace-0001-role");
    expect(row).toContain("=HYPERLINK(&quot;https://evil.example&quot;");
    expect(row).toMatch(/<dt>Request id<\/dt><dd><code>[0-9a-f-]{36}<\/code>/);
    expect(row).toContain(owner.email);
    expect(row).toContain(changed.email);
  });

  it("narrows the list by event type, actor and time, and keeps the filters across pages", async () => {
    const cookie = await cookieOf(owner);
    const byType = await h.call("GET", `${PATH}?type=USER_INVITED`, { cookie });
    expect(new Set(typesOf(byType.body))).toEqual(new Set(["USER_INVITED"]));
    expect(typesOf(byType.body)).toHaveLength(4);
    expect(byType.body).toContain('<option value="USER_INVITED" selected="">');

    const byActor = await h.call("GET", `${PATH}?actor=${viewer.id}`, { cookie });
    expect(byActor.calls).toBe(PAGE_CALLS);
    const viewerTypes = typesOf(byActor.body);
    expect(viewerTypes.length).toBeGreaterThan(0);
    expect(rowsOf(byActor.body).every((row) => row.includes(viewer.email))).toBe(true);
    expect(viewerTypes).not.toContain("TENANT_CREATED");

    // Events in the next hour, and the filters that find them or leave them out.
    h.clock.advance(2 * 3600_000);
    const later = h.clock.now().toISOString();
    await h.createTenant((await h.signIn(owner.email, owner.secret)).accessToken, "audit-later");
    const laterCookie = await cookieOf(owner);
    const minute = later.slice(0, 16);
    const from = await h.call("GET", `${PATH}?type=TENANT_CREATED&from=${minute}`, { cookie: laterCookie });
    expect(rowsOf(from.body)).toHaveLength(1);
    expect(from.body).toContain("audit-later");
    const to = await h.call("GET", `${PATH}?type=TENANT_CREATED&to=${minute}`, { cookie: laterCookie });
    expect(to.body).not.toContain("audit-later");
    expect(rowsOf(to.body)).toHaveLength(50);
    // Next keeps the filters; Previous comes back to the first page.
    const next = hrefOf(to.body, "Next")!;
    expect(next).toContain("type=TENANT_CREATED");
    expect(next).toContain(`to=${encodeURIComponent(minute)}`);
    const second = await h.call("GET", next, { cookie: laterCookie });
    expect(second.calls).toBe(PAGE_CALLS);
    expect(rowsOf(second.body)).toHaveLength(50);
    expect(rowsOf(second.body)[0]).not.toBe(rowsOf(to.body)[0]);
    const back = await h.call("GET", hrefOf(second.body, "Previous")!, { cookie: laterCookie });
    expect(rowsOf(back.body)).toEqual(rowsOf(to.body));
    expect(hrefOf(to.body, "Export CSV")).toBe(`${EXPORT}?type=TENANT_CREATED&to=${encodeURIComponent(minute)}`);
  });

  it.each([
    ["To before From", "from=2026-05-02T10:00&to=2026-05-01T10:00", "to", "To must not be before From."],
    ["a malformed date", "from=yesterday", "from", "Use a date and time like 2026-11-25T10:00 (UTC)."],
    ["a day that does not exist", "to=2026-02-30T10:00", "to", "Use a date and time like 2026-11-25T10:00 (UTC)."],
    ["an unknown event type", "type=USER_EXPLODED", "type", "Roster records no event of this type: pick one from the list."],
    ["an email for the actor", "actor=owner%40audit-console.example", "actor", "Use the actor&#39;s id (usr_…), not an email: select a name in the Actor column to see only that actor&#39;s events."],
  ])("says precisely what is wrong with %s, on the form, without reading the trail", async (_name, query, field, message) => {
    const cookie = await cookieOf(viewer);
    const res = await h.call("GET", `${PATH}?${query}`, { cookie });
    expect(res.status).toBe(400);
    expect(res.calls).toBe(1);
    expect(res.body).toContain(`<p id="field-${field}-error" class="field-error">${message}</p>`);
    expect(rowsOf(res.body)).toEqual([]);
    expect(res.body).not.toContain("Export CSV");
    // The values stay in the form to be fixed.
    for (const [name, value] of new URLSearchParams(query)) if (name !== "type") expect(res.body).toContain(`value="${value}"`);
    // The export of the same filters leads back to the form that says so.
    const exported = await h.call("GET", `${EXPORT}?${query}`, { cookie });
    expect(exported.status).toBe(303);
    expect(exported.headers.get("location")).toBe(`${PATH}?${new URLSearchParams(query).toString()}`);
  });

  it("takes an ISO instant with its offset too, as the API does, and shows it in the control's own form", async () => {
    const res = await h.call("GET", `${PATH}?from=${encodeURIComponent("2020-01-01T12:30:00+02:00")}&to=${encodeURIComponent("2099-01-01T00:00:05.250Z")}`, { cookie: await cookieOf(viewer) });
    expect(res.status).toBe(200);
    expect(res.body).toContain('value="2020-01-01T10:30"');
    expect(res.body).toContain('value="2099-01-01T00:00:05.250"');
    expect(rowsOf(res.body)).toHaveLength(50);
    expect(hrefOf(res.body, "Export CSV")).toBe(`${EXPORT}?from=2020-01-01T10%3A30&to=2099-01-01T00%3A00%3A05.250`);
  });

  it("says a cursor from elsewhere is not one the list returned, and leads back to the first page", async () => {
    const res = await h.call("GET", `${PATH}?cursor=bm90LWEtY3Vyc29y`, { cookie: await cookieOf(viewer) });
    expect(res.status).toBe(400);
    expect(res.body).toContain("The cursor is not one this list returned.");
    expect(res.body).toContain("Go to the first page");
  });
});

/** RFC 4180, for reading the export back: quoted cells, doubled quotes, CRLF lines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted && char === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (quoted) {
      cell += char;
    } else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += char;
    }
  }
  if (cell || row.length) throw new Error("The CSV does not end with CRLF.");
  return rows;
}

describe("Export CSV", () => {
  it("streams every filtered event across pages, and nothing else: one query of each shard a page of 100", async () => {
    const cookie = await cookieOf(viewer);
    let res: Awaited<ReturnType<Harness["call"]>> | undefined;
    const commands = await h.recordCommands(async () => {
      res = await h.call("GET", `${EXPORT}?type=TENANT_CREATED`, { cookie });
    });
    expect(res!.status).toBe(200);
    expect(res!.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res!.headers.get("content-disposition")).toMatch(/^attachment; filename="roster-audit-\d{4}-\d{2}-\d{2}T\d{4}Z\.csv"$/);
    const [header, ...rows] = parseCsv(res!.body);
    expect(header).toEqual(["When", "Event", "Actor type", "Actor id", "Actor", "Target type", "Target id", "Target email", "Tenant", "Changes", "Request id", "Client request id", "IP", "User agent", "Event id"]);
    const expected = (await h.auditEvents()).filter((event) => event.type === "TENANT_CREATED");
    expect(expected.length).toBeGreaterThan(100);
    expect(rows.map((row) => row[14]).sort()).toEqual(expected.map((event) => event.id).sort());
    expect(new Set(rows.map((row) => row[1]))).toEqual(new Set(["TENANT_CREATED"]));
    // Newest first, as the page lists them.
    const when = rows.map((row) => row[0]!);
    expect(when).toEqual([...when].sort().reverse());
    // One authentication, then every shard's Query per page: 100 events, then the rest.
    expect(commands.filter((command) => command.command === "QueryCommand")).toHaveLength(Math.ceil(expected.length / 100) * AUDIT_SHARDS);
    expect(commands.filter((command) => command.command !== "QueryCommand").map((command) => command.command)).toEqual(["BatchGetItemCommand"]);
  });

  it("exports the whole trail unfiltered, each cell escaped: quotes, commas, and formulas made text", async () => {
    const res = await h.call("GET", EXPORT, { cookie: await cookieOf(owner) });
    const [, ...rows] = parseCsv(res.body);
    // The trail as it was when the export began (the owner's sign-in just now is in it too).
    expect(rows).toHaveLength((await h.auditEvents()).length);
    const role = rows.find((row) => row[1] === "USER_ROLE_CHANGED")!;
    expect(role[4]).toBe(owner.email);
    expect(role[6]).toBe(changed.id);
    expect(JSON.parse(role[9]!)).toEqual({ role: { before: "OPERATOR", after: "VIEWER" } });
    expect(role[11]).toBe("trace-0001-role");
    expect(role[12]).toBe("198.51.100.7");
    expect(role[13]).toBe(`'${FORMULA_AGENT}`);
    expect(res.body).toContain(`"'=HYPERLINK(""https://evil.example"",""click""), really"`);
  });

  it("narrows by actor and time the same way the page does", async () => {
    const res = await h.call("GET", `${EXPORT}?actor=${changed.id}`, { cookie: await cookieOf(owner) });
    const [, ...rows] = parseCsv(res.body);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row[3] === changed.id)).toBe(true);
  });
});

describe("the CSV cells", () => {
  it.each([
    ["plain", "plain"],
    ["a, b", '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=1+1", "'=1+1"],
    ["+33 1 23", "'+33 1 23"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tTAB", "'\tTAB"],
    ['=A1,"x"', `"'=A1,""x"""`],
  ])("writes %j as %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("writes nothing for a missing value, and ends each line with CRLF", () => {
    expect(csvLine(["a", null, undefined, "b"])).toBe("a,,,b\r\n");
  });

  it("breaks the download off when a page fails midway, rather than end a partial file as if whole", async () => {
    const failures: unknown[] = [];
    const first = { items: [], nextCursor: "more" };
    const body = bodyOf(
      csvChunks(first, async () => {
        throw new Error("storage went away");
      }),
      (error) => failures.push(error),
    );
    await expect(new Response(body).text()).rejects.toThrow("storage went away");
    expect(failures).toHaveLength(1);
  });
});
