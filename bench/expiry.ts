import type { Deps } from "@roster/core";
import { expireDue } from "@roster/core/membership/expire-due";
import { membershipItem, putMembership } from "@roster/core/store/memberships";
import type { TenantGrant } from "@roster/core/store/tenant-access";
import { writeItems } from "../test/fixtures/batch-write";
import { activeUsers, itemOf } from "./seed";
import { spread } from "./stats";

/*
 * expiry.readsPerDue: what the expiry job reads over what is due. TENANTS × USERS memberships,
 * written as the grant writes them; user u's membership of tenant u expired minutes ago (USERS
 * due), half the rest expire months ahead (in the expiry indexes, beyond what is due, outside the
 * warning window) and half never. Every item any read returns or scans is counted.
 */

const TENANTS = 100;
const USERS = 100;
const DAY = 86_400_000;

const slugOf = (t: number) => `tenant-${String(t).padStart(3, "0")}`;

function expiryOf(now: Date, t: number, u: number): string | null {
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  if (t === u) return at(-(1 + ((u * 7919) % 600)) * 60_000);
  return (t + u) % 2 === 0 ? at((30 + ((t * 31 + u) % 300)) * DAY) : null;
}

export function expiryWorld(deps: Deps, passwordHash: string, now = new Date()) {
  const access = (u: number): Record<string, TenantGrant> =>
    Object.fromEntries(Array.from({ length: TENANTS }, (_, t) => [slugOf(t), { role: "OPERATOR_FULL" as const, expiresAt: expiryOf(now, t, u) }]));
  const { people, items: userItems } = activeUsers(deps, USERS, passwordHash, { prefix: "member", newest: now, memberOf: access });
  const memberships: Record<string, unknown>[] = [];
  const due: Record<string, unknown>[] = [];
  people.forEach((person, u) => {
    for (let t = 0; t < TENANTS; t++) {
      const slug = slugOf(t);
      const item = membershipItem({
        tenant: { slug, name: `Tenant ${t}` },
        tenantCreatedAt: new Date(now.getTime() - 400 * DAY).toISOString(),
        user: { id: person.id, email: person.email, displayName: `member ${u}` },
        role: "OPERATOR_FULL",
        expiresAt: expiryOf(now, t, u),
        grantedBy: { id: "usr_bench_owner", email: "owner@bench.example" },
        grantedAt: new Date(now.getTime() - 400 * DAY).toISOString(),
      });
      const put = itemOf(putMembership(deps.db, item, undefined, () => new Error("seeded twice")));
      memberships.push(put);
      if (t === u) due.push(put);
    }
  });
  const profiles = userItems.filter((item) => item.entity === "User");
  return { items: [...userItems, ...memberships], memberships: memberships.length, due, profiles };
}

/** Counts the items every read of `deps.db` returns or scans, and the read capacity it reports. */
function meterReads(deps: Deps) {
  const read = { items: 0, capacity: 0, commands: [] as string[] };
  deps.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const name = context.commandName ?? "unknown";
      const isRead = /^(Query|Scan|GetItem|BatchGetItem|TransactGetItems)Command$/.test(name);
      if (isRead) input.ReturnConsumedCapacity = "TOTAL";
      const result = await next(args);
      if (!isRead) return result;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const output = result.output as any;
      read.commands.push(name);
      if (name === "QueryCommand" || name === "ScanCommand") read.items += output.ScannedCount ?? output.Count ?? 0;
      else if (name === "GetItemCommand") read.items += output.Item ? 1 : 0;
      else if (name === "BatchGetItemCommand") read.items += Object.values((output.Responses ?? {}) as Record<string, unknown[]>).reduce((sum, items) => sum + items.length, 0);
      else read.items += (output.Responses ?? []).filter((response: { Item?: unknown }) => response.Item).length;
      const capacity = ([] as { CapacityUnits?: number }[]).concat(output.ConsumedCapacity ?? []);
      read.capacity += capacity.reduce((sum, unit) => sum + (unit.CapacityUnits ?? 0), 0);
      return result;
    },
    { step: "initialize", name: "benchReadMeter" },
  );
  return read;
}

/** Runs the job `rounds` times, putting the due memberships (and their holders' profiles) back as they were before each run. */
export async function measureExpiry(deps: Deps, world: ReturnType<typeof expiryWorld>, rounds: number) {
  const perDue: number[] = [];
  const capacity: number[] = [];
  let last = { items: 0, capacity: 0, commands: [] as string[] };
  for (let round = 0; round < rounds; round++) {
    await writeItems(deps, deps.db.table, [...world.due, ...world.profiles]);
    const meter = meterReads(deps);
    try {
      const run = await expireDue(deps);
      if (run.expired !== world.due.length || run.warned !== 0) throw new Error(`The expiry job expired ${run.expired} and warned ${run.warned}; ${world.due.length} were due, none to warn.`);
    } finally {
      deps.db.doc.middlewareStack.remove("benchReadMeter");
    }
    perDue.push(meter.items / world.due.length);
    capacity.push(meter.capacity);
    last = meter;
  }
  return {
    readsPerDue: spread(perDue),
    readCapacityUnits: spread(capacity),
    itemsRead: last.items,
    readCommands: last.commands.length,
    memberships: world.memberships,
    due: world.due.length,
  };
}
