import { build, type Plugin as EsbuildPlugin } from "esbuild";
import { describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../scripts/synth";
import { ZOD_LOCALE, zodEnglishOnly } from "./zod-english-only";

/** Bundles a module that uses zod as Roster's http package does, and runs it. */
async function bundleAndRun(plugins: EsbuildPlugin[]) {
  const source = `
    import { z } from "@hono/zod-openapi";
    const result = z.object({ email: z.string().email(), age: z.number().int() }).safeParse({ email: "nope", age: 1.5 });
    export const locales = Object.keys(z.locales);
    export const messages = result.error.issues.map((issue) => issue.message);
  `;
  const { outputFiles } = await build({
    stdin: { contents: source, resolveDir: REPOSITORY_ROOT, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "node",
    minify: true,
    write: false,
    plugins,
  });
  const code = outputFiles[0]!.text;
  const module = (await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)) as { locales: string[]; messages: string[] };
  return { size: code.length, ...module };
}

describe("zodEnglishOnly", () => {
  it("keeps English alone, and zod's messages stay what they were", async () => {
    // Typed for SST's own esbuild; onLoad is the same in the repository's.
    const plugin = zodEnglishOnly() as unknown as EsbuildPlugin;
    const [whole, trimmed] = await Promise.all([bundleAndRun([]), bundleAndRun([plugin])]);
    expect(whole.locales.length).toBeGreaterThan(30);
    expect(trimmed.locales).toEqual([ZOD_LOCALE]);
    expect(trimmed.messages).toEqual(whole.messages);
    expect(trimmed.messages).toEqual(["Invalid email address", "Invalid input: expected int, received number"]);
    expect(whole.size - trimmed.size).toBeGreaterThan(200 * 1024);
  });
});
