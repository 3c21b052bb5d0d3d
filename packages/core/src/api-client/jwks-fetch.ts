import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { urlRefusal, type AddressPolicy } from "./address-policy";
import { guardedLookup, type Resolver } from "./guarded-lookup";

/** The most a client's JWKS may weigh: a set of a few keys is a few KiB. */
export const JWKS_MAX_BYTES = 64 * 1024;

/** Why a client's JWKS could not be had: said in the log, never to the client (it gets invalid_client). */
export class JwksError extends Error {
  override readonly name = "JwksError";
}

export type JwksFetchOptions = AddressPolicy & {
  timeoutMs: number;
  /** How host names are resolved: node's dns.lookup unless another resolver is given. */
  resolve?: Resolver;
};

/**
 * GETs a client's JWKS and parses it as JSON, bounded in time (the whole exchange, from connecting
 * to the last byte, within `timeoutMs`) and size (counted as the body streams in, so a server that
 * sends more never gets more than 64 KiB into memory). Only the policy's addresses are connected
 * to; a redirect is not followed (it would lead anywhere). Every failure is a JwksError.
 */
export function fetchJwksDocument(uri: string, options: JwksFetchOptions): Promise<unknown> {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return Promise.reject(new JwksError("the URL does not parse"));
  }
  const refused = urlRefusal(url, options);
  if (refused) return Promise.reject(new JwksError(refused));
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;

  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (outcome: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      outcome();
    };
    const fail = (reason: string) => finish(() => reject(new JwksError(reason)));
    const timer = setTimeout(() => fail(`no complete answer within ${options.timeoutMs} ms`), options.timeoutMs);

    const req = request(
      url,
      {
        method: "GET",
        headers: { accept: "application/jwk-set+json, application/json" },
        // A connection of its own: one fetch a minute at most needs no pool, and none outlives it.
        agent: false,
        lookup: guardedLookup(options, options.resolve),
      },
      (res) => readBody(res, fail, (body) => finish(() => parseJson(body, resolve, reject))),
    );
    req.on("error", (error) => fail(`the request failed: ${error.message}`));
    req.end();
  });
}

function readBody(res: IncomingMessage, fail: (reason: string) => void, done: (body: Buffer) => void) {
  if (res.statusCode !== 200) return fail(`the server answered ${res.statusCode}`);
  if (Number(res.headers["content-length"]) > JWKS_MAX_BYTES) return fail(`the body is over ${JWKS_MAX_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  res.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > JWKS_MAX_BYTES) return fail(`the body is over ${JWKS_MAX_BYTES} bytes`);
    chunks.push(chunk);
  });
  res.on("end", () => done(Buffer.concat(chunks)));
  res.on("error", (error) => fail(`the answer broke off: ${error.message}`));
}

function parseJson(body: Buffer, resolve: (value: unknown) => void, reject: (error: Error) => void): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return reject(new JwksError("the body is not JSON"));
  }
  resolve(parsed);
}
