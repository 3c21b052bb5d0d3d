/**
 * A failure of the local runtime that the person running `npm start` can fix themselves
 * (install Java, free a port, …). The entry point prints only its message, so the message is
 * kept to one line: a stack trace would bury the one thing they need to read.
 */
export class LocalRuntimeError extends Error {
  override readonly name = "LocalRuntimeError";

  constructor(message: string, options?: ErrorOptions) {
    // Child-process output and OS messages arrive with newlines and tabs; fold them here so
    // every caller gets the one-line guarantee without having to remember it.
    super(message.replace(/\s+/g, " ").trim(), options);
  }
}
