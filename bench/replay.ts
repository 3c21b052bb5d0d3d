import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import type { PasswordHasher } from "@roster/core";
import { overlapping, type Step } from "./steps";

/*
 * The floor: what a request's steps cost when issued directly, with the SDK's low-level client
 * and no app around them. Replayed into a twin table that holds what the app's table held before
 * the request (same seed, same writes in the same order), so every condition evaluates as it did
 * for the app and nothing collides.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const COMMANDS: Record<string, new (input: any) => any> = {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
};

/** The input with every mention of the table (`TableName`, the keys of `RequestItems`) moved to the twin. */
export function retarget(value: unknown, from: string, to: string): unknown {
  if (Array.isArray(value)) return value.map((inner) => retarget(inner, from, to));
  if (value && typeof value === "object" && !(value instanceof Uint8Array) && !(value instanceof Set)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key === from ? to : key,
        key === "TableName" && inner === from ? to : retarget(inner, from, to),
      ]),
    );
  }
  return value;
}

export type PreparedStep = { step: Step; run: () => Promise<unknown> };

/** Each step made ready to run against `to`, so the timed part is only the calls themselves. */
export function prepare(steps: readonly Step[], client: DynamoDBClient, hasher: PasswordHasher, from: string, to: string): PreparedStep[][] {
  return overlapping(steps).map((group) =>
    group.map((step) => {
      if (step.kind === "hash") return { step, run: () => hasher.hash(step.password) };
      if (step.kind === "verify") return { step, run: () => hasher.verify(step.passwordHash, step.password) };
      const Command = COMMANDS[step.command];
      if (!Command) throw new Error(`The floor cannot replay ${step.command}: add it to bench/replay.ts.`);
      const input = retarget(step.input, from, to);
      return { step, run: () => client.send(new Command(input)) };
    }),
  );
}

/** Runs the prepared steps, overlapping groups together; answers the milliseconds. A step that fared otherwise than in the app fails the run. */
export async function replay(groups: PreparedStep[][]): Promise<number> {
  const started = performance.now();
  for (const group of groups) {
    await Promise.all(
      group.map(async ({ step, run }) => {
        let refused: unknown;
        try {
          const result = await run();
          if (step.kind === "verify" && result !== true) refused = new Error("argon2 verify answered false");
        } catch (error) {
          refused = error;
        }
        if (Boolean(refused) !== Boolean(step.failed)) {
          const what = step.kind === "ddb" ? step.command : `argon2 ${step.kind}`;
          throw new Error(`The floor's ${what} ${refused ? `failed (${(refused as Error).message})` : "succeeded"} where the app's ${step.failed ? "failed" : "succeeded"}.`);
        }
      }),
    );
  }
  return performance.now() - started;
}
