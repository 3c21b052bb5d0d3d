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
  const output = await new Promise<string>((resolve, reject) => {
    execFile(javaCommand, ["-version"], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        reject(
          code === "ENOENT"
            ? new LocalRuntimeError(
                `Java was not found on PATH: DynamoDB Local needs Java ${MINIMUM_JAVA} or newer. Install a JDK/JRE ${MINIMUM_JAVA}+ and try again.`,
                { cause: error },
              )
            : new LocalRuntimeError(`Could not run "${javaCommand} -version": ${error.message}`, { cause: error }),
        );
        return;
      }
      // `java -version` writes to stderr; some wrappers print to stdout instead.
      resolve(`${stderr}\n${stdout}`);
    });
  });
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
 * Fails with one line naming the env var to change when `port` is taken. Both loopback and the
 * wildcard address are tried because DynamoDB Local listens on every interface: a process bound
 * to 127.0.0.1 only, or to 0.0.0.0 only, each makes it fail. The check cannot rule out a race
 * with a process that binds the port a moment later; the child's own startup errors cover that.
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
