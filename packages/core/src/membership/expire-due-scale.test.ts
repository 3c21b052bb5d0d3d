import { QueryCommand, type QueryCommandOutput } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { writeItems } from "../../../../test/fixtures/batch-write";
import { testDeps, type TestDeps } from "../../../../test/fixtures/deps";
import { IndexKeys, Keys } from "../store/keys";
import { expireDue } from "./expire-due";
import type { MembershipItem } from "./membership";

const DAY = 86_400_000;
// 20 × 20: enough that reading everything would cost twenty times what is due, small enough for
// every run of the suite (DynamoDB Local slows down sharply past a few thousand index entries:
// 10,000 memberships took a minute to write). What the job costs at that size is a benchmark's
// question, not a test's: the property here is that it reads what is due and nothing else.
const TENANTS = 20;
const USERS = 20;
const DUE = USERS;
const IN_WARNING_WINDOW = 10;

let deps: TestDeps;
let table: string;
beforeAll(async () => {
  ({ deps, table } = await testDeps());
});

const slugOf = (t: number) => `tenant-${String(t).padStart(3, "0")}`;
const userIdOf = (u: number) => `usr_scale${String(u).padStart(3, "0")}`;

/**
 * TENANTS × USERS memberships, written straight into the table as the grant
 * writes them (the API would take minutes): user u's membership of tenant u is due, of tenant u+1
 * (for the first IN_WARNING_WINDOW users) expires inside the warning window; of the rest, half expire months
 * ahead (in both expiry indexes, beyond what is due) and half never.
 */
function fixture(now: Date) {
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const items: Record<string, unknown>[] = [];
  for (let u = 0; u < USERS; u++) {
    const userId = userIdOf(u);
    items.push({
      ...Keys.user(userId),
      entity: "User",
      id: userId,
      email: `${userId}@scale.example`,
      role: "OPERATOR",
      operatorMemberships: TENANTS,
      memberTenants: new Set(Array.from({ length: TENANTS }, (_, t) => slugOf(t))),
    });
    for (let t = 0; t < TENANTS; t++) {
      const slug = slugOf(t);
      let expiresAt: string | null;
      if (t === u) expiresAt = at(-(1 + ((u * 7919) % 600)) * 60_000);
      else if (t === (u + 1) % TENANTS && u < IN_WARNING_WINDOW) expiresAt = at(DAY + u * 3_600_000);
      else if ((t + u) % 2 === 0) expiresAt = at((30 + ((t * 31 + u) % 300)) * DAY);
      else expiresAt = null;
      const membership: MembershipItem = {
        ...Keys.membership(slug, userId),
        entity: "Membership",
        tenant: { slug, name: `Tenant ${t}` },
        tenantCreatedAt: at(-400 * DAY),
        user: { id: userId, email: `${userId}@scale.example`, displayName: `Scale User ${u}` },
        role: "OPERATOR_FULL",
        expiresAt,
        grantedBy: { id: "usr_admin", email: "owner@scale.example" },
        grantedAt: at(-400 * DAY),
      };
      items.push({ ...membership, ...IndexKeys.membership(slug, userId, expiresAt) });
    }
  }
  return items;
}


/** Sums what every Query sent through the table's client returned, by index. */
function measureQueries() {
  const reads: { index: string; items: number; capacity: number }[] = [];
  const other: string[] = [];
  deps.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === "QueryCommand") {
        const output = result.output as QueryCommandOutput;
        const input = args.input as { IndexName?: string };
        reads.push({ index: input.IndexName ?? "table", items: output.Items?.length ?? 0, capacity: output.ConsumedCapacity?.CapacityUnits ?? NaN });
      } else if (context.commandName !== "TransactWriteItemsCommand") {
        other.push(context.commandName ?? "unknown");
      }
      return result;
    },
    { step: "initialize", name: "scaleQueryMeter" },
  );
  const sum = (index: string, field: "items" | "capacity") => reads.filter((r) => r.index === index).reduce((total, r) => total + r[field], 0);
  return { reads, other, sum, stop: () => deps.db.doc.middlewareStack.remove("scaleQueryMeter") };
}

describe("Membership.expireDue at scale", () => {
  it(`over ${TENANTS * USERS} memberships of which ${DUE} are due, reads about ${DUE} items`, { timeout: 120_000 }, async () => {
    const started = performance.now();
    const now = deps.clock.now();
    const items = fixture(now);
    expect(items.filter((item) => item.entity === "Membership")).toHaveLength(TENANTS * USERS);
    await writeItems(deps, table, items, 8);
    const written = performance.now();

    const meter = measureQueries();
    const run = await expireDue(deps);
    const ran = performance.now();
    meter.stop();

    expect(run).toEqual({ expired: DUE, warned: IN_WARNING_WINDOW });
    // Only the two sparse expiry indexes were read, never a Scan, and only what was due.
    expect(meter.other).toEqual([]);
    expect(new Set(meter.reads.map((r) => r.index))).toEqual(new Set(["gsi4", "gsi1"]));
    expect(meter.sum("gsi4", "items")).toBe(DUE);
    expect(meter.sum("gsi1", "items")).toBe(IN_WARNING_WINDOW);
    const jobCapacity = meter.sum("gsi4", "capacity") + meter.sum("gsi1", "capacity");

    // What reading every membership costs, for comparison: the admin index's partition, page by page.
    let everyMembership = 0;
    let everyItems = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await deps.db.doc.send(
        new QueryCommand({
          TableName: table,
          IndexName: "gsi3",
          KeyConditionExpression: "gsi3pk = :pk",
          ExpressionAttributeValues: { ":pk": "MEMBERSHIPS" },
          ExclusiveStartKey: startKey,
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      everyMembership += page.ConsumedCapacity?.CapacityUnits ?? NaN;
      everyItems += page.Items?.length ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    expect(everyItems).toBe(TENANTS * USERS);
    // The job's reads cost in proportion to what it read, rounding per page aside.
    const share = (everyMembership * (DUE + IN_WARNING_WINDOW)) / everyItems;
    expect(jobCapacity).toBeGreaterThanOrEqual(share);
    expect(jobCapacity).toBeLessThanOrEqual(2 * share + 2);

    // The due ones are done, the others untouched.
    const second = measureQueries();
    expect(await expireDue(deps)).toEqual({ expired: 0, warned: 0 });
    second.stop();
    expect(second.sum("gsi4", "items") + second.sum("gsi1", "items")).toBe(0);

    console.info(
      `expireDue at scale: wrote ${items.length} items in ${Math.round(written - started)} ms; ` +
        `the run read ${meter.sum("gsi4", "items")} + ${meter.sum("gsi1", "items")} items (expiry + warning index) ` +
        `for ${meter.sum("gsi4", "capacity")} + ${meter.sum("gsi1", "capacity")} RCU in ${meter.reads.length} queries, ${Math.round(ran - written)} ms ` +
        `(reading all ${everyItems} memberships: ${everyMembership} RCU); total ${Math.round(performance.now() - started)} ms`,
    );
  });
});
