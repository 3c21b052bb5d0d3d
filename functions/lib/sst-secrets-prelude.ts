import { SSMClient } from "@aws-sdk/client-ssm";
import { loadSstSecrets } from "./sst-secrets";

/*
 * Evaluated before the handler module of every function that is bound SST secrets: the stack
 * injects this file into those bundles (esbuild `inject`), and the top-level await holds the
 * module's initialization, so the handler's first read of process.env already sees the values.
 * Without bound secrets (tests, the local runtime) it does nothing and makes no call.
 */
const secrets = await loadSstSecrets(process.env, new SSMClient({ region: process.env.AWS_REGION }));
Object.assign(process.env, secrets);
