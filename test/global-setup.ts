import type { TestProject } from "vitest/node";
import { startDynamoDbLocal, type DynamoDbLocal } from "../packages/local/src/dynamodb-local";
import { findFreePorts } from "../packages/local/src/free-port";
import { assertJava17 } from "../packages/local/src/preflight";
import { startSesLocal, type SesLocal } from "../packages/local/src/ses-local";

/**
 * Starts one in-memory DynamoDB Local and one SES emulator for the whole run (a JVM per test
 * file would cost seconds each); test files isolate themselves with one table each. Free ports
 * keep a run from colliding with `npm start` or with another run on the same machine.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await assertJava17();
  const [dynamoPort, sesPort] = await findFreePorts(2);
  if (dynamoPort === undefined || sesPort === undefined) throw new Error("findFreePorts returned too few ports");

  const started = await Promise.allSettled([startDynamoDbLocal({ port: dynamoPort, inMemory: true }), startSesLocal({ port: sesPort })]);
  const [dynamo, ses] = started;
  const running = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stopAll = async () => {
    await Promise.all(running.map((child: DynamoDbLocal | SesLocal) => child.stop()));
  };
  // If one failed, do not leave the other running while the run aborts.
  if (dynamo.status === "rejected") {
    await stopAll();
    throw dynamo.reason;
  }
  if (ses.status === "rejected") {
    await stopAll();
    throw ses.reason;
  }

  project.provide("dynamoEndpoint", dynamo.value.endpoint);
  project.provide("sesEndpoint", ses.value.endpoint);
  return stopAll;
}
