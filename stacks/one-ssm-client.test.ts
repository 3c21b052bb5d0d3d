import { build, type Plugin as EsbuildPlugin } from "esbuild";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../scripts/synth";
import { oneSsmClient } from "./one-ssm-client";

/** The version of the SSM client that `from` resolves, as package.json says. */
async function ssmClientVersion(from: string): Promise<string> {
  const path = createRequire(from).resolve("@aws-sdk/client-ssm/package.json");
  return (JSON.parse(await readFile(path, "utf8")) as { version: string }).version;
}

/** Bundles what the api bundles to read its secrets, as SST's build does (ESM, for Node). */
async function bundleSstConfig(plugins: EsbuildPlugin[]) {
  const { outputFiles } = await build({
    stdin: { contents: `import { Config } from "sst/node/config"; export const app = Config.APP;`, resolveDir: REPOSITORY_ROOT, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "node",
    mainFields: ["module", "main"],
    minify: true,
    write: false,
    plugins,
  });
  return outputFiles[0]!.text;
}

describe("oneSsmClient", () => {
  it("bundles sst/node/config with the repository's SSM client instead of SST's own copy", async () => {
    const ours = await ssmClientVersion(join(REPOSITORY_ROOT, "package.json"));
    const sstsOwn = await ssmClientVersion(createRequire(join(REPOSITORY_ROOT, "package.json")).resolve("sst/node/config"));
    // Typed for SST's own esbuild; onResolve is the same in the repository's.
    const [whole, deduplicated] = await Promise.all([bundleSstConfig([]), bundleSstConfig([oneSsmClient(REPOSITORY_ROOT) as unknown as EsbuildPlugin])]);
    // (The day SST's copy is the repository's, there is nothing left to deduplicate: then this plugin can go.)
    expect(sstsOwn).not.toBe(ours);
    expect(whole).toContain(`version:"${sstsOwn}"`);
    expect(deduplicated).toContain(`version:"${ours}"`);
    expect(deduplicated).not.toContain(`"${sstsOwn}"`);
  });
});
