import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { parseJavaMajorVersion } from "./java-version";
import { LocalRuntimeError } from "./local-runtime-error";

/**
 * The jar bundled today (1.25) still starts on older JVMs, but DynamoDB Local 2.6+ refuses
 * anything below 17 (AWS docs); asking for 17 now means a jar upgrade never surprises users.
 */
const MINIMUM_JAVA = 17;

/**
 * Fails with one line before anything is started when Java is missing or too old, instead of
 * letting DynamoDB Local die later with a JVM stack trace the user has to decode.
 * Resolves with the major version found.
 */
export async function assertJava17(javaCommand = "java"): Promise<number> {
  // `java -version` writes to stderr; some wrappers print to stdout instead.
  const output = await runJava(javaCommand, ["-version"]);
  const major = parseJavaMajorVersion(output);
  if (major === undefined) {
    const firstLine = output.trim().split("\n")[0] ?? "";
    throw new LocalRuntimeError(
      `Could not read the Java version from "${javaCommand} -version" (got "${firstLine}"). Install a JDK/JRE ${MINIMUM_JAVA}+ and try again.`,
    );
  }
  if (major < MINIMUM_JAVA) {
    throw new LocalRuntimeError(
      `Java ${MINIMUM_JAVA} or newer is required for DynamoDB Local (found ${major}). Install a JDK/JRE ${MINIMUM_JAVA}+ and try again.`,
    );
  }
  return major;
}

/**
 * Fails with one line when `java` has no jdk.compiler module. DynamoDB Local runs through a
 * launcher kept as Java source (see dynamodb-local.ts), which that module compiles on first use
 * (loopback-launcher.ts); JRE-only builds (Temurin's JRE, jlink images) leave the compiler out, and
 * the compile would then fail with "module not found", which does not say what to install.
 */
export async function assertJavaCompiler(javaCommand = "java"): Promise<void> {
  const output = await runJava(javaCommand, ["--list-modules"]);
  if (/^jdk\.compiler@/m.test(output)) return;
  throw new LocalRuntimeError(
    `The Java on PATH has no jdk.compiler module, which DynamoDB Local's loopback launcher needs. Install a JDK ${MINIMUM_JAVA}+ (not a JRE-only build) and try again.`,
  );
}

/** Resolves with everything `java <args>` printed, or rejects with a one-line LocalRuntimeError. */
function runJava(javaCommand: string, args: string[]): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    execFile(javaCommand, args, { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        reject(
          code === "ENOENT"
            ? new LocalRuntimeError(
                `Java was not found on PATH: DynamoDB Local needs Java ${MINIMUM_JAVA} or newer. Install a JDK/JRE ${MINIMUM_JAVA}+ and try again.`,
                { cause: error },
              )
            : new LocalRuntimeError(`Could not run "${javaCommand} ${args.join(" ")}": ${error.message}`, { cause: error }),
        );
        return;
      }
      resolve(`${stderr}\n${stdout}`);
    });
  });
}

/**
 * Fails with one line naming the env var to change when `port` is taken. Every server `npm start`
 * runs binds 127.0.0.1, so loopback is the check that matters. The wildcard address is tried too:
 * on Linux a listener on 0.0.0.0 already blocks a loopback bind, but where SO_REUSEADDR lets a
 * loopback bind succeed beside it (macOS), two programs would share the port and answer different
 * clients. The check cannot rule out a race with a process that binds the port a moment later;
 * the child's own startup errors cover that.
 */
export async function assertPortFree(port: number, what: string, envVar: string): Promise<void> {
  for (const host of ["127.0.0.1", "0.0.0.0"]) {
    const code = await tryBind(port, host);
    if (code === undefined) continue;
    if (code === "EADDRINUSE") {
      throw new LocalRuntimeError(`Port ${port} (${what}) is already in use. Set ${envVar} to a free port.`);
    }
    throw new LocalRuntimeError(`Port ${port} (${what}) cannot be used (${code} on ${host}). Set ${envVar} to another port.`);
  }
}

/** Resolves with the bind error code, or undefined when the port could be bound (and released). */
function tryBind(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    // exclusive: a cluster worker would otherwise share the parent's handle and always succeed.
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}
