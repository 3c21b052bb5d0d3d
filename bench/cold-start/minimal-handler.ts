import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";

/**
 * The cold start's yardstick: the least a Hono API on DynamoDB loads (the framework, its Lambda
 * adapter, a document client), bundled exactly as Roster's api is.
 */
export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION }));

const app = new Hono();
app.get("/health", (c) => c.json({ status: "ok" }));

export const handler = handle(app);
