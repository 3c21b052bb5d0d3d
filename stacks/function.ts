import { Duration } from "aws-cdk-lib";
import { Role, ServicePrincipal, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { join, sep } from "node:path";
import { Function as SstFunction, Stack, type App, type Config, type FunctionProps } from "sst/constructs";
import { useProject } from "sst/project.js";
import { isProtectedStage } from "./config";
import { nativePackages, type Plugin } from "./native-packages";
import { oneSsmClient } from "./one-ssm-client";
import { rawText } from "./raw-text";
import { scalarBundleAsset } from "./scalar-bundle";
import { auditAppendOnly } from "./table-access";
import { zodEnglishOnly } from "./zod-english-only";

/**
 * The createRequire banner: bundled CommonJS dependencies call `require` for Node built-ins, which
 * an ES module does not have.
 */
export const ESM_REQUIRE_BANNER = 'import{createRequire}from"module";const require=createRequire(import.meta.url);';

/** Every function's runtime: Node.js 22 on Graviton, no X-Ray (its actions need `*` resources). */
export const FUNCTION_DEFAULTS = {
  runtime: "nodejs22.x",
  architecture: "arm_64",
  tracing: "disabled",
  memorySize: 256,
  timeout: 10,
} satisfies FunctionProps;

export const POWERTOOLS_LOG_LEVEL = "INFO";

export type RosterFunctionProps = {
  /** `functions/<name>.handler` */
  handler: string;
  /** POWERTOOLS_SERVICE_NAME, the `service` of every log line. */
  service: string;
  description: string;
  /** The table whose audit items the function's role denies changing (every function's, per DESIGN.md). */
  tableArn: string;
  memorySize?: number;
  timeout?: number;
  environment?: Record<string, string>;
  /**
   * Bound SST secrets: the handler reads them with `Config` from `sst/node/config`, which fetches
   * them from SSM Parameter Store when it is imported, once per cold start.
   */
  secrets?: Config.Secret[];
  /**
   * Bundle what the code loads with `import()` (the password dictionaries, the QR code drawer, the
   * mail client, the SDK's rarer credential sources) as chunks of their own, read when first used:
   * a cold start then parses the handler and its static imports only. Off by default: esbuild
   * writes a chunk for every `import()` in the module graph, even in code tree-shaking drops, so a
   * function that never checks a password would still upload the dictionaries.
   */
  splitting?: boolean;
};

/**
 * A Lambda of Roster: the bundle (ESM, minified, split at dynamic imports, AWS SDK v3 bundled,
 * native packages carried for linux-arm64), its own role with only what the caller grants plus the
 * audit Deny, its own log group.
 */
export function rosterFunction(stack: Stack, id: string, props: RosterFunctionProps): SstFunction {
  const root = useProject().paths.root;
  const protectedStage = isProtectedStage(stack.stage);

  const logGroup = new LogGroup(stack, `${id}Logs`, { retention: protectedStage ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_WEEK });
  // Our own role instead of the default one: the default carries AWSLambdaBasicExecutionRole, whose
  // log permissions are on `*`; this one may write to its own log group only.
  const role = new Role(stack, `${id}Role`, { assumedBy: new ServicePrincipal("lambda.amazonaws.com"), description: `Roster ${props.service}` });
  role.addToPrincipalPolicy(new PolicyStatement({ sid: "OwnLogGroup", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [logGroup.logGroupArn] }));
  role.addToPrincipalPolicy(auditAppendOnly(props.tableArn));

  const natives = nativePackages(root);
  const secrets = props.secrets ?? [];
  return new SstFunction(stack, id, {
    ...FUNCTION_DEFAULTS,
    handler: props.handler,
    description: props.description,
    memorySize: props.memorySize ?? FUNCTION_DEFAULTS.memorySize,
    timeout: props.timeout ?? FUNCTION_DEFAULTS.timeout,
    role,
    logGroup,
    environment: {
      POWERTOOLS_SERVICE_NAME: props.service,
      POWERTOOLS_LOG_LEVEL,
      ...props.environment,
    },
    bind: secrets,
    nodejs: bundling(root, natives, props.splitting ?? false),
    hooks: { afterBuild: async (_props, out) => natives.afterBuild(out) },
  });
}

/**
 * How SST bundles every Roster function (its `nodejs` props): also what bench/cold-start.ts
 * builds with, so a bundle measured outside a synth is the one a deploy uploads.
 */
export function bundling(root: string, natives: ReturnType<typeof nativePackages>, splitting: boolean) {
  return {
    format: "esm",
    minify: true,
    splitting,
    // SST would ship the map to its console's bucket; names survive minification (keepNames).
    sourcemap: false,
    esbuild: {
      // Replaces SST's banner, which also defines __dirname: nothing bundled uses it.
      banner: { js: ESM_REQUIRE_BANNER },
      legalComments: "none",
      // Minified lines are cut at 1,000 characters: an error at start-up prints its source line,
      // and one line holding half the bundle would bury the message in CloudWatch (and cut it off).
      // Not in a split bundle: SST's esbuild (0.18) may cut a line inside the placeholder of a
      // chunk's path before it writes the path in, and the chunk then imports a module that
      // does not exist ("Cannot find package 'rIFa…C00000038'").
      ...(splitting ? {} : { lineLimit: 1000 }),
      // rawText first: a `?raw` import is a relative path the others would try to resolve as code.
      plugins: [rawText(), scalarBundleAsset(), natives.plugin, coreWithoutSideEffects(root), zodEnglishOnly(), oneSsmClient(root)],
    },
  } satisfies FunctionProps["nodejs"];
}

/** Lambda's async invocation settings, for functions an EventBridge rule invokes. */
export const ASYNC_RETRIES = { retryAttempts: 2, maxEventAge: Duration.hours(6) };

/**
 * Marks core's modules free of import-time side effects, so a function gets only the parts of the
 * `@roster/core` barrel it uses: without it the fan-out functions would carry the password
 * policy's zxcvbn dictionaries (1.6 MB) and argon2 that they never call.
 */
function coreWithoutSideEffects(root: string): Plugin {
  const coreSource = join(root, "packages", "core", "src") + sep;
  const skip = Symbol("resolving");
  return {
    name: "roster-core-side-effect-free",
    setup(build) {
      build.onResolve({ filter: /^(@roster\/core(\/.*)?|\.{1,2}\/.*)$/ }, async (args) => {
        if (args.pluginData === skip) return undefined;
        if (args.path.startsWith(".") && !args.importer.startsWith(coreSource)) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: skip });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return resolved.path.startsWith(coreSource) ? { path: resolved.path, namespace: resolved.namespace, sideEffects: false } : undefined;
      });
    },
  };
}

/**
 * SST gives every stack a Lambda for its own custom resources (a 4.6 MB bundle, a role with AWS's
 * managed logging policy on `*`). Roster uses none of them (no sites, scripts, secret prefetching,
 * source maps), so the stacks go without it; the stack tests check that no template refers to it.
 */
export function withoutUnusedCustomResourceHandlers(app: App) {
  for (const child of app.node.children) {
    if (child instanceof Stack) child.node.tryRemoveChild("CustomResourceHandler");
  }
}
