import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * Scalar's standalone browser bundle, found from the package's main entry (`dist/index.js`): the
 * package's exports name no browser bundle, which sits in `dist/browser/` beside that entry.
 * `from` is the module or file that resolves the package.
 */
export function resolveScalarBundle(from: string): string {
  return join(dirname(createRequire(from).resolve("@scalar/api-reference")), "browser", "standalone.js");
}

/**
 * Where Scalar's bundle is read from: the installed package, for `npm start` and the tests. A
 * Lambda bundle has no node_modules for it: there this module is replaced by one naming the copy
 * the bundle ships (stacks/scalar-bundle.ts), so no other module knows where the file is.
 */
export function scalarBundleFile(): string {
  return resolveScalarBundle(import.meta.url);
}
