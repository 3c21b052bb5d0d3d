/**
 * Logging is a port: Powertools' JSON logger in Lambda, plain JSON lines locally. Callers pass
 * structured fields; no token, secret, password or code is ever among them.
 */
export type Logger = {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

export function jsonLogger(write: (line: string) => void = (line) => process.stderr.write(line + "\n")): Logger {
  const emit = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    write(JSON.stringify({ level, time: new Date().toISOString(), message, ...fields }));
  return { info: emit("info"), warn: emit("warn"), error: emit("error") };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** An error's name and message only: stacks and SDK metadata stay out of logs shipped elsewhere. */
export const describeError = (error: unknown) =>
  error instanceof Error ? { errorName: error.name, errorMessage: error.message } : { errorName: typeof error };
