import { readFile } from "node:fs/promises";
import { resolveScalarBundle } from "../packages/http/src/pages/scalar-bundle-file";
import type { Plugin } from "./native-packages";

const ASSET = "roster-scalar-bundle";

/**
 * Ships Scalar's standalone bundle (4.9 MB, served at /assets/scalar/standalone.js) in a Lambda
 * bundle as a file of its own beside the code, never as code or text inside it: a cold start
 * would otherwise load it. esbuild copies the file (its `file` loader: content-hashed name,
 * written to the output directory, where the handler and every chunk also sit) and the module
 * that says where the bundle is (packages/http/src/pages/scalar-bundle-file.ts) is replaced by
 * one naming that copy. The http package reads it on the first request for it.
 */
export function scalarBundleAsset(): Plugin {
  return {
    name: "roster-scalar-bundle",
    setup(build) {
      build.onLoad({ filter: /[\\/]packages[\\/]http[\\/]src[\\/]pages[\\/]scalar-bundle-file\.ts$/ }, (args) => ({
        // Resolved as the replaced module resolves it, from the same file.
        contents: [
          `import { fileURLToPath } from "node:url";`,
          `import copy from ${JSON.stringify(resolveScalarBundle(args.path))};`,
          // The file loader's path is relative to the output directory, which holds this chunk.
          `export function scalarBundleFile() { return fileURLToPath(new URL(copy, import.meta.url)); }`,
        ].join("\n"),
        loader: "js",
      }));
      build.onResolve({ filter: /[\\/]@scalar[\\/]api-reference[\\/]dist[\\/]browser[\\/]standalone\.js$/ }, (args) => ({ path: args.path, namespace: ASSET }));
      build.onLoad({ filter: /.*/, namespace: ASSET }, async (args) => ({ contents: await readFile(args.path), loader: "file", watchFiles: [args.path] }));
    },
  };
}
