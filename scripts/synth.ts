/**
 * `npm run synth [-- --stage NAME] [--out DIR]`: every stack's CloudFormation template, written
 * offline (no network, no AWS credentials) into cdk.out/. `sst build` would ask AWS for the
 * account and the bootstrap bucket, so this builds SST's App the way `sst deploy` does, minus
 * those calls: the same project setup, the same loader for sst.config.ts (esbuild, repository
 * packages external: if this works, `sst deploy` can load the stacks too), and NODE_ENV=test,
 * which is how SST itself skips the bootstrap lookups. Functions are bundled as for a deploy.
 */
import { mkdir, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { App } from "sst/constructs";
import { initProject, useProject } from "sst/project.js";
import { load } from "sst/stacks/build.js";

export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Placeholders for the settings a real deploy must provide, so a synth needs none. */
export const SYNTH_PLACEHOLDERS = { ROSTER_MAIL_FROM: "Roster <no-reply@example.com>" };

export type SynthOptions = {
  stage: string;
  outdir: string;
  region?: string;
  account?: string;
  /**
   * false: skip building the functions (they get SST's inline placeholder, as for stacks a deploy
   * does not touch). The templates are otherwise the same; a synth takes seconds instead of tens.
   */
  bundle?: boolean;
  /** false: ignore `.env` / `.env.<stage>` (tests want only the environment they set). Default true, as `sst deploy`. */
  envFiles?: boolean;
};

export async function synthesize(options: SynthOptions): Promise<{ templates: string[]; outdir: string }> {
  const region = options.region ?? "us-east-1";
  const account = options.account ?? "123456789012";
  // What this synth sets in the environment, put back afterwards (test files may share a process).
  const overrides: Record<string, string> = {
    NODE_ENV: "test",
    // SST's deploy build runs `npm install` in each function's build directory (with nothing to
    // install, for our functions): keep it from reaching for the registry.
    npm_config_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    ...Object.fromEntries(Object.entries(SYNTH_PLACEHOLDERS).filter(([name]) => !process.env[name])),
  };
  const previous = Object.fromEntries(Object.keys(overrides).map((name) => [name, process.env[name]]));
  Object.assign(process.env, overrides);

  const cwd = process.cwd();
  // SST writes its config bundle to the working directory and resolves "sst" from it.
  process.chdir(REPOSITORY_ROOT);
  // Function bundles and SST's generated types go to a directory of this process's own, so that
  // synths in parallel (test files, a synth during a test run) never share a build directory. (One
  // per process, not per synth: SST keeps the first project's paths for its builds.)
  const work = join(tmpdir(), `roster-synth-${process.pid}`);
  await rm(work, { recursive: true, force: true });
  try {
    const environment = { ...process.env };
    await initProject({ stage: options.stage, region, root: REPOSITORY_ROOT });
    if (options.envFiles === false) {
      // initProject loaded the stage's .env files into process.env: the stacks' settings go back to what they were.
      for (const name of Object.keys(process.env)) {
        if (!name.startsWith("ROSTER_")) continue;
        if (name in environment) process.env[name] = environment[name];
        else delete process.env[name];
      }
    }
    const project = useProject();
    project.paths.out = work;
    project.paths.artifacts = join(work, "artifacts");
    const [, config] = (await load(project.paths.config)) as [unknown, { stacks(app: App): Promise<void> | void }];

    const outdir = resolve(cwd, options.outdir);
    await rm(outdir, { recursive: true, force: true });
    await mkdir(outdir, { recursive: true });
    const app = new App(
      { mode: "deploy", stage: options.stage, name: project.config.name, region, account, ...(options.bundle === false ? { isActiveStack: () => false } : {}) },
      { outdir },
    );
    await config.stacks(app);
    await app.finish();
    app.synth();
    const templates = (await readdir(outdir)).filter((file) => file.endsWith(".template.json")).map((file) => join(outdir, file));
    return { templates, outdir };
  } finally {
    process.chdir(cwd);
    await rm(work, { recursive: true, force: true });
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

function argument(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index >= 0) return args[index + 1];
  return args.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const stage = argument(args, "--stage") ?? "dev";
  const started = performance.now();
  synthesize({ stage, outdir: argument(args, "--out") ?? "cdk.out", region: argument(args, "--region") })
    .then(({ templates }) => {
      for (const template of templates) console.log(template);
      console.log(`Synthesized ${templates.length} stacks for stage "${stage}" in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    })
    .catch((error: unknown) => {
      console.error(`synth: ${error instanceof Error ? error.message : String(error)}`);
      if (process.env.ROSTER_DEBUG) console.error(error);
      process.exitCode = 1;
    })
    // SST's esbuild service stays up after a failed build; nothing else is left to wait for.
    .finally(() => process.exit());
}
