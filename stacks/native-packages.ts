import { createHash } from "node:crypto";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, normalize } from "node:path";
import { gunzipSync } from "node:zlib";
import type { FunctionProps } from "sst/constructs";

/** An esbuild plugin as SST's own esbuild (the one that bundles functions) types it. */
export type Plugin = NonNullable<NonNullable<NonNullable<FunctionProps["nodejs"]>["esbuild"]>["plugins"]>[number];

/*
 * Native addons cannot be bundled: esbuild leaves them external and they ship in the function's
 * own node_modules, built for the Lambda's platform (linux, arm64, glibc), not the machine that
 * synthesizes. npm installs only the host's binary, and the arm64 package cannot be a dependency
 * here: npm refuses it on x64 (EBADPLATFORM) or, as an optional one, silently skips it, and an
 * `npm install --os=linux --cpu=arm64` at synth would need the network. So the registry's own
 * tarball of the binary package is kept in scripts/vendor/ and checked, byte for byte, against the
 * integrity package-lock.json records for it before it goes into a bundle.
 */

/** The native packages a function may import, and the package holding each one's Lambda binary. */
export const LAMBDA_NATIVE_PACKAGES: Record<string, string> = {
  "@node-rs/argon2": "@node-rs/argon2-linux-arm64-gnu",
};

export const VENDOR_DIR = "scripts/vendor";

/** `@node-rs/argon2-linux-arm64-gnu@2.2.1` → `node-rs-argon2-linux-arm64-gnu-2.2.1.tgz`, as `npm pack` names it. */
export const vendoredTarballName = (name: string, version: string) => `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`;

export class NativePackageError extends Error {
  override readonly name = "NativePackageError";
}

/**
 * One function's tracker: an esbuild plugin that keeps the native packages external and notes the
 * ones the finished bundle still imports (a module tree-shaken away imports nothing), and the SST
 * `afterBuild` hook that puts exactly those into the bundle's node_modules.
 */
export function nativePackages(root: string) {
  const imported = new Set<string>();
  const plugin: Plugin = {
    name: "roster-lambda-native-packages",
    setup(build) {
      const names = Object.keys(LAMBDA_NATIVE_PACKAGES).map((name) => name.replace(/[/.]/g, "\\$&"));
      build.onResolve({ filter: new RegExp(`^(${names.join("|")})$`) }, (args) => ({ path: args.path, external: true }));
      build.onEnd((result) => {
        imported.clear();
        for (const output of Object.values(result.metafile?.outputs ?? {})) {
          for (const { path, external } of output.imports) if (external && path in LAMBDA_NATIVE_PACKAGES) imported.add(path);
        }
      });
    },
  };
  const afterBuild = async (out: string) => {
    // SST's deploy build writes these for an `npm install` of its own; with nothing to install they are noise.
    await Promise.all(["package.json", "package-lock.json"].map((file) => rm(join(out, file), { force: true })));
    for (const name of imported) await carryNativePackage(root, name, out);
  };
  return { plugin, afterBuild, imported: () => [...imported] };
}

/** Copies the package's JS loader from node_modules and its Lambda binary from the vendored tarball. */
async function carryNativePackage(root: string, name: string, out: string) {
  const binaryPackage = LAMBDA_NATIVE_PACKAGES[name]!;
  // Resolved as core resolves it: core is the workspace that depends on it.
  const loaderDir = dirname(createRequire(join(root, "packages/core/package.json")).resolve(`${name}/package.json`));
  const loader = JSON.parse(await readFile(join(loaderDir, "package.json"), "utf8")) as { version: string; optionalDependencies?: Record<string, string> };
  const version = loader.optionalDependencies?.[binaryPackage];
  if (!version) throw new NativePackageError(`${name}@${loader.version} does not list ${binaryPackage} among its binaries.`);

  const lock = JSON.parse(await readFile(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string; integrity?: string }> };
  const locked = lock.packages[`node_modules/${binaryPackage}`];
  if (locked?.version !== version || !locked.integrity) {
    throw new NativePackageError(`package-lock.json has no ${binaryPackage}@${version} with an integrity to check the vendored tarball against.`);
  }
  const tarballPath = join(root, VENDOR_DIR, vendoredTarballName(binaryPackage, version));
  const tarball = await readFile(tarballPath).catch(() => {
    throw new NativePackageError(`${tarballPath} is missing: run \`npx tsx scripts/vendor-natives.ts\` (needs the npm registry) after upgrading ${name}.`);
  });
  const [algorithm, expected] = locked.integrity.split("-", 2) as [string, string];
  if (createHash(algorithm).update(tarball).digest("base64") !== expected) {
    throw new NativePackageError(`${tarballPath} does not match the integrity package-lock.json records for ${binaryPackage}@${version}.`);
  }

  await cp(loaderDir, join(out, "node_modules", name), { recursive: true });
  const target = join(out, "node_modules", binaryPackage);
  for (const file of untar(gunzipSync(tarball))) {
    if (!file.path.startsWith("package/")) continue;
    const path = normalize(join(target, file.path.slice("package/".length)));
    if (!path.startsWith(target)) throw new NativePackageError(`${tarballPath} holds a path outside its package: ${file.path}`);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.data, { mode: file.mode });
  }
}

/** The regular files of a ustar archive (what `npm pack` writes). */
export function untar(archive: Buffer): { path: string; mode: number; data: Buffer }[] {
  const files: { path: string; mode: number; data: Buffer }[] = [];
  const field = (header: Buffer, start: number, length: number) => header.subarray(start, start + length).toString("utf8").replace(/\0.*$/s, "");
  for (let offset = 0; offset + 512 <= archive.length; ) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || "0", 8);
    const type = field(header, 156, 1);
    const prefix = field(header, 345, 155);
    const name = field(header, 0, 100);
    const mode = parseInt(field(header, 100, 8).trim() || "644", 8) & 0o777;
    if (type === "0" || type === "") {
      files.push({ path: prefix ? `${prefix}/${name}` : name, mode: mode | 0o444, data: Buffer.from(archive.subarray(offset + 512, offset + 512 + size)) });
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}
