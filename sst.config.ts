import type { SSTConfig } from "sst";
import { Api } from "./stacks/api";
import { APP_NAME, isProtectedStage } from "./stacks/config";
import { Email } from "./stacks/email";
import { Events } from "./stacks/events";
import { FUNCTION_DEFAULTS, withoutUnusedCustomResourceHandlers } from "./stacks/function";
import { Jobs } from "./stacks/jobs";
import { Monitoring } from "./stacks/monitoring";
import { Storage } from "./stacks/storage";

/*
 * Roster in the customer's own AWS account (SST v2 on CDK). `npm run deploy -- --stage NAME`
 * deploys; `npm run synth` writes the CloudFormation templates offline. Stages "prod" and "staging"
 * keep their data when removed (see stacks/config.ts); every other stage is disposable.
 */
export default {
  config(input) {
    return { name: APP_NAME, region: input.region ?? process.env.AWS_REGION ?? "us-east-1" };
  },
  stacks(app) {
    // A disposable stage leaves nothing behind on `sst remove`; a protected one keeps what CDK keeps by default.
    if (!isProtectedStage(app.stage)) app.setDefaultRemovalPolicy("destroy");
    app.setDefaultFunctionProps(FUNCTION_DEFAULTS);
    app.stack(Monitoring).stack(Storage).stack(Email).stack(Api).stack(Events).stack(Jobs);
    withoutUnusedCustomResourceHandlers(app);
  },
} satisfies SSTConfig;
