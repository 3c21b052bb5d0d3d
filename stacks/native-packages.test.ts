import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { LAMBDA_NATIVE_PACKAGES, nativePackages, untar, VENDOR_DIR, vendoredTarballName } from "./native-packages";

const root = join(import.meta.dirname, "..");
const lock = JSON.parse(await readFile(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string; integrity?: string }> };

/** A ustar header for one regular file. */
function tarEntry(name: string, data: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, "utf8");
  header.write("0000644\0", 100);
  header.write(`${data.length.toString(8).padStart(11, "0")}\0`, 124);
  header.write("0", 156);
  header.write("ustar\0", 257);
  return Buffer.concat([header, data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

const work: string[] = [];
afterAll(() => Promise.all(work.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("the vendored Lambda binaries", () => {
  it("are the registry's tarballs package-lock.json records, for the version each loader expects", async () => {
    for (const [name, binaryPackage] of Object.entries(LAMBDA_NATIVE_PACKAGES)) {
      const locked = lock.packages[`node_modules/${binaryPackage}`]!;
      expect(lock.packages[`node_modules/${name}`]?.version).toBe(locked.version);
      const tarball = await readFile(join(root, VENDOR_DIR, vendoredTarballName(binaryPackage, locked.version!)));
      const [algorithm, digest] = locked.integrity!.split("-", 2) as [string, string];
      expect(createHash(algorithm).update(tarball).digest("base64")).toBe(digest);
    }
  });
});

describe("untar", () => {
  it("reads the regular files of an npm tarball, with their paths", async () => {
    const files = untar(Buffer.concat([tarEntry("package/a.txt", Buffer.from("alpha")), tarEntry("package/dir/b.bin", Buffer.alloc(700, 1)), Buffer.alloc(1024)]));
    expect(files.map((file) => [file.path, file.data.length])).toEqual([["package/a.txt", 5], ["package/dir/b.bin", 700]]);
    expect(files[0]!.data.toString()).toBe("alpha");
  });
});

describe("carrying a native package", () => {
  it("refuses a vendored tarball that does not match package-lock.json", async () => {
    // A copy of the repository's bits the carrier reads, with a tampered tarball.
    const fake = await mkdtemp(join(tmpdir(), "roster-natives-"));
    work.push(fake);
    await mkdir(join(fake, "packages/core"), { recursive: true });
    await cp(join(root, "packages/core/package.json"), join(fake, "packages/core/package.json"));
    await cp(join(root, "package-lock.json"), join(fake, "package-lock.json"));
    await mkdir(join(fake, "packages/core/node_modules/@node-rs"), { recursive: true });
    const loaderDir = join(createRequire(join(root, "packages/core/package.json")).resolve("@node-rs/argon2/package.json"), "..");
    await cp(loaderDir, join(fake, "packages/core/node_modules/@node-rs/argon2"), { recursive: true });
    const binaryPackage = LAMBDA_NATIVE_PACKAGES["@node-rs/argon2"]!;
    const version = lock.packages[`node_modules/${binaryPackage}`]!.version!;
    await mkdir(join(fake, VENDOR_DIR), { recursive: true });
    await writeFile(join(fake, VENDOR_DIR, vendoredTarballName(binaryPackage, version)), gzipSync(tarEntry("package/evil.node", Buffer.from("x"))));

    const natives = nativePackages(fake);
    // What the esbuild plugin records when the finished bundle imports argon2.
    const setup = natives.plugin.setup as (build: unknown) => void;
    let onEnd: ((result: unknown) => void) | undefined;
    setup({ onResolve: () => {}, onEnd: (callback: (result: unknown) => void) => (onEnd = callback) });
    onEnd!({ metafile: { outputs: { "functions/api.mjs": { imports: [{ path: "@node-rs/argon2", external: true, kind: "import-statement" }] } } } });
    expect(natives.imported()).toEqual(["@node-rs/argon2"]);

    const out = join(fake, "out");
    await expect(natives.afterBuild(out)).rejects.toThrow(/does not match the integrity package-lock.json records/);
  });
});
