import { describe, expect, it } from "vitest";
import { loadOnce } from "./load-once";

describe("loadOnce", () => {
  it("runs the loader once for concurrent and later callers", async () => {
    let runs = 0;
    const load = loadOnce(async () => ({ run: ++runs }));
    const [first, second] = await Promise.all([load(), load()]);
    expect(first).toBe(second);
    expect(await load()).toBe(first);
    expect(runs).toBe(1);
  });

  it("forgets a failure, so the next call loads again", async () => {
    let runs = 0;
    const load = loadOnce(async () => {
      runs += 1;
      if (runs === 1) throw new Error("chunk unavailable");
      return runs;
    });
    await expect(load()).rejects.toThrow("chunk unavailable");
    expect(await load()).toBe(2);
    expect(await load()).toBe(2);
  });
});
