import { join } from "node:path";
import { httpProbe } from "./http-probe";
import { LocalRuntimeError } from "./local-runtime-error";
import { startManagedChild } from "./managed-child";
import { packageDirectory, packageManifest } from "./package-path";

export type SesLocal = {
  /** Give this to the SESv2 client as `endpoint`. */
  endpoint: string;
  /** The emulator's mail viewer, for humans. */
  viewerUrl: string;
  stop(): Promise<void>;
};

/**
 * What `GET <endpoint>/store` answers (aws-ses-v2-local 2.10, read from its dist/index.js and
 * dist/store.d.ts; the README only names the route). `GET /store?since=<epoch seconds>` keeps the
 * emails with `at >= since`; `POST /clear-store` empties the store; `GET /health-check` is 200.
 * The store lives in the emulator's memory: it is empty after every start.
 */
export type SesLocalStore = {
  /** Keyed by template name (from CreateEmailTemplate). */
  templates: Record<string, { TemplateName: string; TemplateContent: { Subject?: string; Html?: string; Text?: string }; CreatedTimestamp: number }>;
  /** Oldest first. */
  emails: SesLocalEmail[];
};

export type SesLocalEmail = {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  headers?: { name: string; value: string }[];
  /** When it was sent, in epoch seconds (not milliseconds). */
  at: number;
};

const PACKAGE = "aws-ses-v2-local";

/**
 * Starts the aws-ses-v2-local emulator as a child process, bound to loopback (its default host is
 * "::", every interface). A child rather than importing its server: the emulator keeps its store
 * in a module-level global, and a separate process keeps that global, its Express app and its
 * listening socket out of the runtime's own process and lets stop() mean the same as for the JVM.
 */
export async function startSesLocal(options: { port: number; startTimeoutMs?: number }): Promise<SesLocal> {
  const endpoint = `http://127.0.0.1:${options.port}`;
  const child = await startManagedChild({
    label: "The SES emulator",
    // The bin script is plain JavaScript: run it with this very Node rather than whatever `node`
    // (or npx shim) PATH finds.
    command: process.execPath,
    args: [cliScript(), "--host", "127.0.0.1", "--port", String(options.port)],
    isReady: () =>
      httpProbe(`${endpoint}/store`, { method: "GET" }, async (response) => {
        // Content type first: another server answering HTML on this port must read as "not ours".
        if (!response.ok || !response.headers.get("content-type")?.includes("application/json")) return false;
        const store = (await response.json()) as Partial<SesLocalStore>;
        return Array.isArray(store.emails);
      }),
    startTimeoutMs: options.startTimeoutMs,
  });
  return { endpoint, viewerUrl: `${endpoint}/`, stop: child.stop };
}

function cliScript(): string {
  const { bin } = packageManifest(PACKAGE);
  const relative = typeof bin === "string" ? bin : bin?.[PACKAGE];
  if (!relative) throw new LocalRuntimeError(`The npm package ${PACKAGE} has no "${PACKAGE}" bin script. Reinstall dependencies with npm install.`);
  return join(packageDirectory(PACKAGE), relative);
}
