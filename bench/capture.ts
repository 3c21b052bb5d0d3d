import type { PasswordHasher } from "@roster/core";
import type { Db } from "@roster/core";
import { currentRoundTrips } from "@roster/core/store/round-trips";
import { AsyncLocalStorage } from "node:async_hooks";
import type { Step, StepBody } from "./steps";

/*
 * The server side of the floor: what each captured request sent to DynamoDB and asked of argon2,
 * recorded where core's own round-trip counter counts (so bookkeeping that runs in the background,
 * outside the answer, is left out exactly as Server-Timing leaves it out).
 */

const requestSteps = new AsyncLocalStorage<Step[]>();

export const withCapture = <T>(steps: Step[], fn: () => T): T => requestSteps.run(steps, fn);

function recording(): Step[] | undefined {
  const steps = requestSteps.getStore();
  return steps && currentRoundTrips() ? steps : undefined;
}

async function timed<T>(steps: Step[] | undefined, step: StepBody, fn: () => Promise<T>): Promise<T> {
  if (!steps) return fn();
  const entry: Step = { ...step, startedMs: performance.now(), endedMs: 0 };
  steps.push(entry);
  try {
    return await fn();
  } catch (error) {
    // Sent and refused (a condition): the replay expects the same refusal.
    entry.failed = true;
    throw error;
  } finally {
    entry.endedMs = performance.now();
  }
}

/** Records every command the table's client sends, at the "build" step: after marshalling, once per command (retries are not new commands). */
export function recordCommands(db: Db): void {
  db.doc.middlewareStack.add(
    (next, context) => async (args) =>
      timed(recording(), { kind: "ddb", command: context.commandName ?? "unknown", input: args.input as Record<string, unknown> }, () => next(args)),
    { step: "build", name: "benchCommandCapture" },
  );
}

/** The hasher Roster runs, recording each call for the floor to make the same one. */
export const recordingHasher = (inner: PasswordHasher): PasswordHasher => ({
  hash: (password) => timed(recording(), { kind: "hash", password }, () => inner.hash(password)),
  verify: (passwordHash, password) => timed(recording(), { kind: "verify", passwordHash, password }, () => inner.verify(passwordHash, password)),
});
