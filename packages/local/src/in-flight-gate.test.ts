import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { inFlightGate } from "./in-flight-gate";

describe("inFlightGate", () => {
  it("runs at most `limit` tasks at once, the rest in the order they came, and fails none", async () => {
    const gate = inFlightGate(3);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        gate.run(async () => {
          running += 1;
          most = Math.max(most, running);
          order.push(n);
          await sleep(n % 4);
          running -= 1;
          return n * 2;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(order).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(results).toEqual(Array.from({ length: 20 }, (_, n) => n * 2));
    expect(gate.waiting).toBe(0);
  });

  it("frees the slot of a task that throws", async () => {
    const gate = inFlightGate(1);
    await expect(gate.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(gate.run(() => "next")).resolves.toBe("next");
  });
});
