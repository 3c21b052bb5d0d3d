/**
 * The AWS SDK warns on Node 20 that its releases after January 2027 need Node 22. Lambda runs
 * Node 22; locally the warning is noise repeated by every process (each test worker prints it),
 * so only that one warning is dropped. Every other warning still reaches stderr.
 */
export function quietNodeVersionWarning(): void {
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (text.startsWith("NodeVersionSupportWarning")) return;
    emit(warning, ...rest);
  }) as typeof process.emitWarning;
}
