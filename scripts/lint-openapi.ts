/**
 * `npm run lint:openapi [-- --out FILE]`: the OpenAPI document exactly as `GET /openapi.json`
 * serves it, made in-process from createApp (no server, no table, no network), then checked by
 * `redocly lint` with `redocly.yaml`. `--out FILE` keeps the document, e.g. for a code generator.
 *
 * The document depends only on the settings (the server URL, whether Server-Timing is sent), so
 * the ports are the real adapters, built and never called: nothing here reaches AWS.
 */
import { readSettings } from "@roster/core";
import { createApp } from "@roster/http";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { unconnectedDeps } from "./unconnected-deps";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { out: { type: "string" } } });

// The served document names the deployment's ROSTER_PUBLIC_URL; without one, a host that cannot exist (RFC 2606).
const settings = readSettings({ ...process.env, ROSTER_PUBLIC_URL: process.env.ROSTER_PUBLIC_URL ?? "https://roster.invalid" });
const app = createApp(
  await unconnectedDeps(settings),
  { clientIp: () => null },
);

const response = await app.request("/openapi.json");
if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}: ${await response.text()}`);
const document = `${JSON.stringify(await response.json(), null, 2)}\n`;

const scratch = values.out ? undefined : await mkdtemp(join(tmpdir(), "roster-openapi-"));
const file = values.out ? resolve(values.out) : join(scratch!, "openapi.json");
await writeFile(file, document);

const redocly = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");
const lint = spawnSync(process.execPath, [redocly, "lint", "--config", join(ROOT, "redocly.yaml"), file], {
  stdio: "inherit",
  // No usage reports and no look-up of a newer version: the lint runs offline, in CI too.
  env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
});
if (scratch) await rm(scratch, { recursive: true, force: true });
if (lint.error) throw lint.error;
process.exitCode = lint.status ?? 1;
