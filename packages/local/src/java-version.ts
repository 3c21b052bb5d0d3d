/**
 * Reads the major version out of `java -version` output. The output goes to stderr and its first
 * line varies by vendor ("openjdk version", "java version"), may be preceded by lines like
 * "Picked up JAVA_TOOL_OPTIONS: …", and Java 8 and older report themselves as "1.8.0_…".
 */
export function parseJavaMajorVersion(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(output);
  if (!match) return undefined;
  const first = Number(match[1]);
  // Pre-9 scheme: "1.8.0_292" means Java 8.
  if (first === 1 && match[2] !== undefined) return Number(match[2]);
  return first;
}
