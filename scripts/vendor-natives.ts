/**
 * Refreshes scripts/vendor/ after @node-rs/argon2 is upgraded: fetches, from the npm registry, the
 * tarball of each native package's Lambda binary (linux arm64 glibc) at the version the loader
 * names, and keeps it beside the others. The synth checks it against package-lock.json.
 *
 *   npx tsx scripts/vendor-natives.ts
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LAMBDA_NATIVE_PACKAGES, VENDOR_DIR } from "../stacks/native-packages";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const resolve = createRequire(join(root, "packages/core/package.json")).resolve;

for (const [name, binaryPackage] of Object.entries(LAMBDA_NATIVE_PACKAGES)) {
  const loader = JSON.parse(readFileSync(resolve(`${name}/package.json`), "utf8")) as { optionalDependencies?: Record<string, string> };
  const version = loader.optionalDependencies?.[binaryPackage];
  if (!version) throw new Error(`${name} does not list ${binaryPackage}`);
  execFileSync("npm", ["pack", `${binaryPackage}@${version}`, "--pack-destination", join(root, VENDOR_DIR)], { stdio: "inherit" });
}
console.log("Also make sure package-lock.json records these versions (npm install records them as optional dependencies of their loaders).");
