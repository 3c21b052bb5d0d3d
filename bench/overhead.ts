import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { PasswordHasher } from "@roster/core";
import { deserialize } from "node:v8";
import { benchClient, type Answer, type BenchClient, type CallOptions } from "./client";
import { prepare, replay } from "./replay";
import { codeNow, PASSWORD, type SeededPerson } from "./seed";
import { alternatingRatio, type Plan } from "./stats";
import type { Step } from "./steps";

/*
 * overhead.<kind>: a request over HTTP against the same request's DynamoDB calls (and argon2)
 * issued directly, pair by pair: the app answers, then its captured steps are replayed into the
 * twin table, so the two alternate through the whole run on the same DynamoDB Local.
 */

export type Call = { method: string; path: string } & CallOptions;
/** One request kind: the calls it makes, given what the earlier calls answered. */
export type Kind = { name: string; calls: (answers: Answer[]) => Call | undefined };


export type OverheadContext = {
  url: string;
  /** The app's table and its twin, where the floor replays. */
  table: string;
  twin: string;
  client: DynamoDBClient;
  hasher: PasswordHasher;
};

let captureSeq = 0;

/** Runs the kind's calls through the app, each captured; answers their time and their steps. */
async function throughApp(http: BenchClient, context: OverheadContext, kind: Kind) {
  const answers: Answer[] = [];
  const steps: Step[][] = [];
  for (let call = kind.calls(answers); call; call = kind.calls(answers)) {
    const id = `${process.pid}-${++captureSeq}`;
    const answer = await http.call(call.method, call.path, { ...call, headers: { ...call.headers, "x-bench-capture": id } });
    const response = await fetch(`${context.url}/__bench/steps/${id}`);
    if (!response.ok) throw new Error(`No steps captured for ${call.method} ${call.path}: ${await response.text()}`);
    const captured = deserialize(Buffer.from(await response.arrayBuffer())) as Step[];
    const commands = captured.filter((step) => step.kind === "ddb").length;
    // The capture and Server-Timing count the same thing; if they differ the floor would replay the wrong work.
    if (commands !== answer.calls) throw new Error(`${call.method} ${call.path}: ${commands} commands captured, Server-Timing says ${answer.calls}.`);
    answers.push(answer);
    steps.push(captured);
  }
  return { ms: answers.reduce((sum, answer) => sum + answer.ms, 0), answers, steps };
}

export async function measureOverhead(context: OverheadContext, kind: Kind, plan: Plan) {
  const http = benchClient(context.url);
  try {
    const pair = async () => {
      const app = await throughApp(http, context, kind);
      let floor = 0;
      for (const steps of app.steps) floor += await replay(prepare(steps, context.client, context.hasher, context.table, context.twin));
      return { numerator: app.ms, denominator: floor, calls: app.answers.map((answer) => answer.calls) };
    };
    const calls: number[][] = [];
    // The warm-up pairs are discarded: the first requests of a kind load its code paths (and the SDK's) on both sides.
    const { ratio, numerator, denominator } = await alternatingRatio(plan, pair, (sample) => calls.push(sample.calls));
    return { ratio, appMs: numerator, floorMs: denominator, calls: maxPerCall(calls) };
  } finally {
    http.close();
  }
}

/** The most round trips each call of the kind made, over every request measured. */
const maxPerCall = (calls: number[][]) => calls[0]!.map((_, index) => Math.max(...calls.map((sample) => sample[index]!)));

/** A queue that fails loudly when the bench planned too few of something. */
function take<T>(queue: T[], what: string): T {
  const next = queue.shift();
  if (next === undefined) throw new Error(`The bench ran out of ${what}: seed more.`);
  return next;
}

export const kinds = {
  signIn: (people: SeededPerson[]): Kind => {
    let person: SeededPerson | undefined;
    return {
      name: "signIn",
      calls: (answers) => {
        if (answers.length > 0) return undefined;
        // A person of their own per attempt: each has an unused TOTP step at the real time.
        person = take(people, "people to sign in");
        return { method: "POST", path: "/v1/auth/login", body: { email: person.email, password: PASSWORD, totpCode: codeNow(person.secret) }, expect: 200 };
      },
    };
  },
  list: (token: string): Kind => ({
    name: "list",
    calls: (answers) => (answers.length > 0 ? undefined : { method: "GET", path: "/v1/users?limit=50", token, expect: 200 }),
  }),
  invite: (token: string, setupTokens: string[]): Kind => {
    let n = 0;
    return {
      name: "invite",
      calls: (answers) => {
        if (answers.length > 0) {
          const body = answers[0]!.json as { setupUrl: string };
          setupTokens.push(body.setupUrl.split("#token=")[1]!);
          return undefined;
        }
        return { method: "POST", path: "/v1/users", token, body: { email: `invitee-${process.pid}-${++n}@bench.example`, role: "OPERATOR" }, expect: 201 };
      },
    };
  },
  accept: (setupTokens: string[]): Kind => {
    let token = "";
    return {
      name: "accept",
      calls: (answers) => {
        if (answers.length === 0) {
          token = take(setupTokens, "setup links to accept");
          return { method: "POST", path: "/v1/setup/lookup", body: { token }, expect: 200 };
        }
        if (answers.length === 1) return { method: "POST", path: "/v1/setup/totp", body: { token }, expect: 200 };
        if (answers.length === 2) {
          const { secret } = answers[1]!.json as { secret: string };
          return { method: "POST", path: "/v1/setup/complete", body: { token, displayName: "Bench Invitee", password: PASSWORD, totpCode: codeNow(secret) }, expect: 200 };
        }
        return undefined;
      },
    };
  },
};
