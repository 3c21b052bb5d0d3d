import { build, type Plugin as EsbuildPlugin } from "esbuild";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../scripts/synth";
import { resolveScalarBundle, scalarBundleFile } from "../packages/http/src/pages/scalar-bundle-file";
import { scalarBundleAsset } from "./scalar-bundle";

const SOURCE = join(REPOSITORY_ROOT, "packages/http/src/pages/scalar-bundle-file.ts");
const outdirs: string[] = [];

afterAll(async () => {
  for (const dir of outdirs) await rm(dir, { recursive: true, force: true });
});

/** Bundles a handler that answers where Scalar's bundle is, split as the api's bundle is; asks the bundle. */
async function bundled(plugins: EsbuildPlugin[]) {
  const outdir = await mkdtemp(join(tmpdir(), "roster-scalar-bundle-"));
  outdirs.push(outdir);
  const source = `export const where = async () => (await import(${JSON.stringify(SOURCE)})).scalarBundleFile();`;
  await build({
    stdin: { contents: source, resolveDir: REPOSITORY_ROOT, loader: "js", sourcefile: "handler.js" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    outdir,
    outExtension: { ".js": ".mjs" },
    write: true,
    plugins,
  });
  const files = await readdir(outdir);
  const entry = files.find((file) => file.startsWith("stdin") && file.endsWith(".mjs"))!;
  const { where } = (await import(pathToFileURL(join(outdir, entry)).href)) as { where: () => Promise<string> };
  return { outdir, files, where };
}

describe("scalarBundleAsset", () => {
  it("in the repository, the bundle is the installed package's file", async () => {
    expect(scalarBundleFile()).toBe(resolveScalarBundle(SOURCE));
    expect(existsSync(scalarBundleFile())).toBe(true);
    expect((await readFile(scalarBundleFile(), "utf8")).includes("createApiReference")).toBe(true);
  });

  it("bundles a copy of Scalar's bundle beside the code, and the code names that copy", async () => {
    // Typed for SST's own esbuild; onResolve and onLoad are the same in the repository's.
    const { outdir, files, where: ask } = await bundled([scalarBundleAsset() as unknown as EsbuildPlugin]);
    const where = await ask();
    expect(dirname(where)).toBe(outdir);
    expect(files).toContain(where.slice(outdir.length + 1));
    // (Buffer.equals: a deep comparison of 4.9 MB takes vitest half a minute.)
    expect((await readFile(where)).equals(await readFile(scalarBundleFile()))).toBe(true);
    // The code holds the copy's name, not its content.
    const code = (await Promise.all(files.filter((file) => file.endsWith(".mjs")).map((file) => readFile(join(outdir, file), "utf8")))).join("\n");
    expect(code.includes("createApiReference")).toBe(false);
  });

  it("without it, a bundle would look for the package in node_modules, which a Lambda's bundle has none of", async () => {
    const { where } = await bundled([]);
    await expect(where()).rejects.toThrow(/Cannot find module '@scalar\/api-reference'/);
  });
});
