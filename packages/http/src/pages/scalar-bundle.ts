import type { Context } from "hono";
import { accepts } from "hono/accepts";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { loadOnce } from "@roster/core";
import { scalarBundleFile } from "./scalar-bundle-file";

/** The URL of Scalar's standalone bundle, which renders /docs. */
export const SCALAR_BUNDLE_PATH = "/assets/scalar/standalone.js";

/** The file, its gzip, and the file's digest (each representation's ETag is made from it). */
type LoadedBundle = { text: Uint8Array<ArrayBuffer>; gzipped: Uint8Array<ArrayBuffer>; etag: string };

async function read(): Promise<LoadedBundle> {
  const text = new Uint8Array(await readFile(scalarBundleFile()));
  // Compressed once, not per request: 4.9 MB goes over the wire as 1.4 MB, and a Lambda answer
  // (at most 6 MB) keeps its distance from the limit.
  const gzipped = new Uint8Array(await promisify(gzip)(text, { level: 9 }));
  return { text, gzipped, etag: createHash("sha256").update(text).digest("base64url") };
}

/**
 * The bundle, read the first time its URL is asked for and kept for the life of the process: a
 * cold start neither reads nor parses its 4.9 MB, and the pages and the API never do. A failed
 * read (a file missing from a broken deploy) is tried again by the next request.
 */
const load = loadOnce(read);

/** Answers the bundle, gzipped where the browser takes it; Hono's etag middleware answers 304s with the ETag set here. */
export async function serveScalarBundle(c: Context, cacheControl: string) {
  const bundle = await load();
  c.header("Content-Type", "text/javascript; charset=utf-8");
  c.header("Cache-Control", cacheControl);
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Vary", "Accept-Encoding");
  if (accepts(c, { header: "Accept-Encoding", supports: ["gzip"], default: "identity" }) === "gzip") {
    c.header("Content-Encoding", "gzip");
    c.header("ETag", `"${bundle.etag}-gzip"`);
    return c.body(bundle.gzipped);
  }
  c.header("ETag", `"${bundle.etag}"`);
  return c.body(bundle.text);
}
