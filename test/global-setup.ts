import type { TestProject } from "vitest/node";
import { startDynamoDbLocal, type DynamoDbLocal } from "../packages/local/src/dynamodb-local";
import { findFreePorts } from "../packages/local/src/free-port";
import { assertJava17 } from "../packages/local/src/preflight";
import { startSesLocal, type SesLocal } from "../packages/local/src/ses-local";

/**
 * DynamoDB Local instances per run. One instance answers on one core at a time, whatever its
 * clients do, and with three files at a time the run waited on it: two keep both cores busy
 * (see test/dynamo-endpoint.ts for which worker uses which).
 */
const DYNAMO_INSTANCES = 2;

/**
 * Starts in-memory DynamoDB Local instances and one SES emulator for the whole run (a JVM per
 * test file would cost seconds each); test files isolate themselves with one table each. Free
 * ports keep a run from colliding with `npm start` or with another run on the same machine.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await assertJava17();
  const ports = await findFreePorts(DYNAMO_INSTANCES + 1);
  const sesPort = ports.pop();
  if (ports.length !== DYNAMO_INSTANCES || sesPort === undefined) throw new Error("findFreePorts returned too few ports");

  const started = await Promise.allSettled([startSesLocal({ port: sesPort }), ...ports.map((port) => startDynamoDbLocal({ port, inMemory: true }))]);
  const running = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stopAll = async () => {
    await Promise.all(running.map((child: DynamoDbLocal | SesLocal) => child.stop()));
  };
  // If one failed, do not leave the others running while the run aborts.
  const failed = started.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  const [ses, ...dynamos] = running as [SesLocal, ...DynamoDbLocal[]];

  project.provide("dynamoEndpoints", dynamos.map((dynamo) => dynamo.endpoint));
  project.provide("sesEndpoint", ses.endpoint);
  return stopAll;
}
