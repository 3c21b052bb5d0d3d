import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Plugin } from "./native-packages";

const SUFFIX = "?raw";

/**
 * `import text from "./file.css?raw"` in a bundle: the file's content as a string, as vite (the
 * tests) and packages/local/src/raw-text-loader.ts (`npm start`) answer it. The pages' scripts and
 * stylesheet stay real files, linted as what they are, and still ship inside the one bundle.
 */
export function rawText(): Plugin {
  return {
    name: "roster-raw-text",
    setup(build) {
      build.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.slice(0, -SUFFIX.length)), namespace: "roster-raw-text" }));
      build.onLoad({ filter: /.*/, namespace: "roster-raw-text" }, async (args) => ({ contents: await readFile(args.path, "utf8"), loader: "text", watchFiles: [args.path] }));
    },
  };
}
