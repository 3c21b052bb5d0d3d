import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LocalRuntimeError } from "./local-runtime-error";

/** A real .java file beside this package's sources, so it is compiled, read and reviewed as Java. */
const SOURCE = fileURLToPath(new URL("../java/LoopbackDynamoDbLocal.java", import.meta.url));
export const LAUNCHER_CLASS = "LoopbackDynamoDbLocal";

const compiling = new Map<string, Promise<string>>();

/**
 * The directory holding the compiled loopback launcher (see dynamodb-local.ts), compiled once per
 * version of its source and kept in the temp directory: Java's source launcher would otherwise
 * compile it in memory on every start, a second and a half each time. It is compiled by the
 * running Java's own compiler module (no `javac` needed, only `jdk.compiler`, which preflight
 * checks), for Java 17, so a newer Java later runs the same class.
 */
export function compiledLauncher(jar: string): Promise<string> {
  const source = readFileSync(SOURCE);
  const directory = join(tmpdir(), "roster-dynamodb-local", `launcher-${createHash("sha256").update(source).digest("hex").slice(0, 16)}`);
  let pending = compiling.get(directory);
  if (!pending) {
    pending = compile(jar, directory).finally(() => compiling.delete(directory));
    compiling.set(directory, pending);
  }
  return pending;
}

async function compile(jar: string, directory: string): Promise<string> {
  if (existsSync(join(directory, `${LAUNCHER_CLASS}.class`))) return directory;
  await mkdir(join(directory, ".."), { recursive: true });
  // Compiled beside the final place, then renamed into it: a run started at the same moment (two
  // test runs, `npm start` beside one) either finds the whole class or compiles its own.
  const staging = mkdtempSync(`${directory}.tmp-`);
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        "java",
        ["-m", "jdk.compiler/com.sun.tools.javac.Main", "--release", "17", "-nowarn", "-cp", jar, "-d", staging, SOURCE],
        { timeout: 60_000 },
        (error, _stdout, stderr) => {
          if (!error) return resolve();
          const detail = stderr.trim().split("\n")[0] || error.message;
          reject(new LocalRuntimeError(`Could not compile DynamoDB Local's loopback launcher: ${detail}`, { cause: error }));
        },
      );
    });
    try {
      renameSync(staging, directory);
    } catch (error) {
      // Another run renamed its own compile into place first: that one is as good as ours.
      if (!existsSync(join(directory, `${LAUNCHER_CLASS}.class`))) throw error;
    }
    return directory;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
