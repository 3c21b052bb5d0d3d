import { describe, expect, it } from "vitest";
import type { AuditEvent } from "./event";
import { mergeNewestFirst } from "./list";

/** An event whose sort key is `<minute>#evt_<n>`: only what the merge reads of it. */
const at = (minute: number) => {
  const occurredAt = `2026-01-01T00:${String(minute).padStart(2, "0")}:00.000Z`;
  const id = `evt_${minute}`;
  return { sortKey: `${occurredAt}#${id}`, event: { id, occurredAt } as unknown as AuditEvent };
};
const minutes = (page: { items: AuditEvent[] }) => page.items.map((event) => Number(event.id.slice(4)));
const cursorOf = (page: { nextCursor: string | null }) => (page.nextCursor ? JSON.parse(Buffer.from(page.nextCursor, "base64url").toString()).s : null);

describe("mergeNewestFirst", () => {
  it("merges the shards newest first and cuts at the limit", () => {
    const page = mergeNewestFirst([{ events: [at(9), at(5), at(1)], stoppedAt: null }, { events: [at(8), at(4)], stoppedAt: null }], 3);
    expect(minutes(page)).toEqual([9, 8, 5]);
    expect(cursorOf(page)).toBe(at(5).sortKey);
  });

  it("ends the page where a shard stopped looking, its stop included, so nothing below it is skipped", () => {
    // Shard 0 stopped at minute 7 (its limit, or a filter that read past what it kept); shard 1 read to its end.
    const page = mergeNewestFirst([{ events: [at(9), at(7)], stoppedAt: at(7).sortKey }, { events: [at(8), at(6), at(2)], stoppedAt: null }], 10);
    expect(minutes(page)).toEqual([9, 8, 7]);
    expect(cursorOf(page)).toBe(at(7).sortKey);
    // A shard may stop on an event its filter dropped: the page still ends there.
    const filtered = mergeNewestFirst([{ events: [at(9)], stoppedAt: at(7).sortKey }, { events: [at(8), at(3)], stoppedAt: null }], 10);
    expect(minutes(filtered)).toEqual([9, 8]);
    expect(cursorOf(filtered)).toBe(at(7).sortKey);
  });

  it("has no cursor once every shard has been read to its end", () => {
    const page = mergeNewestFirst([{ events: [at(3)], stoppedAt: null }, { events: [], stoppedAt: null }], 5);
    expect(minutes(page)).toEqual([3]);
    expect(page.nextCursor).toBeNull();
  });
});
