import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** How bench/world.ts and bench/server.ts speak: the settings in, the line that says it listens. */
export const READY = "BENCH_SERVER_READY ";
export type ServerSettings = { endpoint: string; tables: string[]; signingKeyJwk: string; totpKey: string; publicUrl: string };

export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
