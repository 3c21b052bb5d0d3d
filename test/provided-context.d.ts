// Types what test/global-setup.ts hands to tests through `inject()`.
// Importing "vitest" here (not just `export {}`) is needed: in a program that reaches vitest only
// through "vitest/node", as global-setup.ts does, TypeScript otherwise silently skips this augmentation.
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's DynamoDB Local instances (in memory): a test reaches its worker's through test/dynamo-endpoint.ts, with localAws(). */
    dynamoEndpoints: string[];
    /** The aws-ses-v2-local emulator for this run; `GET <sesEndpoint>/store` lists sent mail. */
    sesEndpoint: string;
  }
}
