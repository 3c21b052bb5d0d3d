import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { LocalRuntimeError } from "./local-runtime-error";

const require = createRequire(import.meta.url);

/**
 * The installed directory of an npm package, resolved the way Node would from this file, so it
 * works with hoisted and nested node_modules alike. Resolving "<name>/package.json" rather than
 * the entry point avoids loading the package (we only run its files).
 */
export function packageDirectory(name: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch (error) {
    throw new LocalRuntimeError(`The npm package ${name} is not installed. Run npm install and try again.`, { cause: error });
  }
}

/** The package.json of an installed package, for fields such as "bin". */
export function packageManifest(name: string): { bin?: string | Record<string, string> } {
  return JSON.parse(readFileSync(`${packageDirectory(name)}/package.json`, "utf8")) as { bin?: string | Record<string, string> };
}
