import { generateSigningKeyJwk } from "@roster/core";
import type * as Esbuild from "esbuild";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { API_SPLITTING } from "../stacks/api";
import { carryHostNatives, httpEvent, runInvoker, writeInvoker } from "../stacks/bundle-run";
import { bundling, FUNCTION_DEFAULTS, POWERTOOLS_LOG_LEVEL } from "../stacks/function";
import { nativePackages } from "../stacks/native-packages";
import { REPOSITORY_ROOT } from "./server-protocol";
import { alternatingRatio, type Plan } from "./stats";

/*
 * coldStart.ratio: a fresh Node process that imports the api's bundle and answers one API
 * Gateway v2 `GET /health`, from spawn to answer, over the same for a minimal Hono + document
 * client handler bundled with the same options, alternating process by process.
 *
 * Both are built as a deploy builds them: SST's own esbuild with the options SST sets for an ESM
 * function (sst/runtime/handlers/node.js) and, over them, Roster's (stacks/function.ts
 * `bundling`). The api's two secrets are given in the environment the way SST passes a bound
 * value, so neither side waits on SSM: the figure is the code's, not the network's.
 */

/** SST's esbuild, the one a deploy bundles with (not the repository's own, a newer version). */
async function sstEsbuild(): Promise<typeof Esbuild> {
  const fromSst = createRequire(join(REPOSITORY_ROOT, "node_modules/sst/runtime/handlers/node.js")).resolve("esbuild");
  const loaded = (await import(pathToFileURL(fromSst).href)) as typeof Esbuild & { default?: typeof Esbuild };
  return loaded.default ?? loaded;
}

/** Bundles `entry` into `out/functions/<name>.mjs` as SST would for a Roster function; answers the handler's path inside `out`. */
async function build(entry: string, name: string, out: string, splitting: boolean): Promise<string> {
  const esbuild = await sstEsbuild();
  const natives = nativePackages(REPOSITORY_ROOT);
  const nodejs = bundling(REPOSITORY_ROOT, natives, splitting);
  await esbuild.build({
    // What SST sets for an ESM function, in its order; `nodejs.esbuild` goes over it, as in SST.
    entryPoints: { [name]: entry },
    platform: "node",
    external: ["sharp", "pg-native"],
    keepNames: true,
    bundle: true,
    logLevel: "silent",
    splitting: nodejs.splitting,
    metafile: true,
    outExtension: { ".js": ".mjs" },
    format: "esm",
    target: "esnext",
    mainFields: ["module", "main"],
    outdir: join(out, "functions"),
    sourcemap: nodejs.sourcemap,
    minify: nodejs.minify,
    ...(nodejs.esbuild as unknown as Esbuild.BuildOptions),
  });
  await natives.afterBuild(out);
  await carryHostNatives(out, REPOSITORY_ROOT);
  const handlerFile = `functions/${name}.mjs`;
  await writeInvoker(out, handlerFile);
  return handlerFile;
}

const HEALTH = httpEvent("GET", "/health");

async function answerHealth(dir: string, env: Record<string, string>): Promise<number> {
  const { results, answeredMs } = await runInvoker(dir, env, [HEALTH], 60_000);
  const [health] = results as { statusCode: number; body: string }[];
  if (health?.statusCode !== 200 || health.body !== JSON.stringify({ status: "ok" })) throw new Error(`${dir} answered /health with ${JSON.stringify(health)}`);
  if (!Number.isFinite(answeredMs)) throw new Error(`${dir}: no answer was timed`);
  return answeredMs;
}

export async function measureColdStart(plan: Plan) {
  const work = await mkdtemp(join(tmpdir(), "roster-bench-cold-"));
  try {
    const apiDir = join(work, "api");
    const minimalDir = join(work, "minimal");
    await build(join(REPOSITORY_ROOT, "functions/api.ts"), "api", apiDir, API_SPLITTING);
    await build(join(REPOSITORY_ROOT, "bench/cold-start/minimal-handler.ts"), "minimal", minimalDir, API_SPLITTING);
    const base = { PATH: process.env.PATH ?? "", AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" };
    const apiEnv = {
      ...base,
      POWERTOOLS_SERVICE_NAME: "roster-api",
      POWERTOOLS_LOG_LEVEL,
      ROSTER_TABLE_NAME: "roster-bench",
      ROSTER_PUBLIC_URL: "https://roster.test",
      ROSTER_MAIL_FROM: "Roster <no-reply@roster.test>",
      SST_APP: "roster",
      SST_STAGE: "bench",
      SST_REGION: "us-east-1",
      SST_Secret_value_ROSTER_TOKEN_SIGNING_KEY: await generateSigningKeyJwk(),
      SST_Secret_value_ROSTER_TOTP_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    };
    // The warm-up pairs are discarded: the first runs read the files from disk into the page cache.
    const { ratio, numerator, denominator } = await alternatingRatio(plan, async () => ({
      numerator: await answerHealth(apiDir, apiEnv),
      denominator: await answerHealth(minimalDir, base),
    }));
    return { ratio, apiMs: numerator, minimalMs: denominator, processesPerRound: plan.perRound, runtime: `${process.version} here (Lambda: ${FUNCTION_DEFAULTS.runtime})` };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
