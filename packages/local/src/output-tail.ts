import type { Readable } from "node:stream";

const STACK_FRAME = /^\s+(at |\.\.\. \d+ more)/;

/**
 * Keeps the last few lines a child printed, so a startup failure can quote the JVM's actual
 * complaint ("Address already in use", "UnsatisfiedLinkError") in its one-line error without the
 * runtime echoing the child's chatter on every successful start.
 */
export class OutputTail {
  private readonly lines: string[] = [];
  private partial = "";

  constructor(private readonly maxLines = 8) {}

  /** Reads `stream` until it ends; reading also keeps a pipe from filling up and stalling the child. */
  follow(stream: Readable | null): void {
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => this.push(chunk));
  }

  /** Lines so far, including an unterminated last one. */
  text(): string {
    return [...this.lines, this.partial].filter((line) => line.trim() !== "").join("\n");
  }

  /** The tail folded to one line, for error messages. */
  oneLine(maxChars = 600): string {
    const folded = this.text()
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "")
      .join(" | ");
    return folded.length > maxChars ? `…${folded.slice(-maxChars)}` : folded;
  }

  private push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = parts.pop() ?? "";
    // Stack frames are dropped: a one-line message needs the exception and its cause, not the
    // Jetty frames that would otherwise fill the whole tail.
    this.lines.push(...parts.filter((line) => !STACK_FRAME.test(line)));
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }
}
