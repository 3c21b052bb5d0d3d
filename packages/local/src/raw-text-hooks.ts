import { readFile } from "node:fs/promises";
import type { LoadHook } from "node:module";

/**
 * Node module-customization hooks for `import text from "./file.css?raw"`: the file's content as
 * the module's default export, as vite (the tests) and stacks/raw-text.ts (the Lambda bundles)
 * answer it. tsx, which runs `npm start`, does not know `?raw` and would run a `.js` file as code.
 * Registered by raw-text-loader.ts.
 */
export const load: LoadHook = async (url, context, nextLoad) => {
  const file = new URL(url);
  if (file.protocol !== "file:" || file.search !== "?raw") return nextLoad(url, context);
  file.search = "";
  const text = await readFile(file, "utf8");
  return { format: "module", source: `export default ${JSON.stringify(text)};\n`, shortCircuit: true };
};
