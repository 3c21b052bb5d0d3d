import { build, type Plugin as EsbuildPlugin } from "esbuild";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../scripts/synth";
import { rawText } from "./raw-text";

const ASSETS = join(REPOSITORY_ROOT, "packages/http/src/pages/assets");

describe("rawText", () => {
  it("bundles a `?raw` import as the file's text, a script's too, not as code", async () => {
    const source = `
      import css from "./roster.css?raw";
      import js from "./setup.js?raw";
      export const texts = { css, js };
    `;
    const { outputFiles } = await build({
      stdin: { contents: source, resolveDir: ASSETS, loader: "js" },
      bundle: true,
      format: "esm",
      platform: "node",
      minify: true,
      write: false,
      // Typed for SST's own esbuild; onResolve and onLoad are the same in the repository's.
      plugins: [rawText() as unknown as EsbuildPlugin],
    });
    const code = outputFiles[0]!.text;
    const { texts } = (await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)) as { texts: Record<string, string> };
    expect(texts.css).toBe(await readFile(join(ASSETS, "roster.css"), "utf8"));
    expect(texts.js).toBe(await readFile(join(ASSETS, "setup.js"), "utf8"));
  });
});
