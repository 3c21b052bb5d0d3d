import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { CustomFetch } from "openid-client";
import * as ApiClient from "../api-client";

/** The most an answer of the identity provider may weigh: discovery documents and JWKS are a few KiB. */
export const PROVIDER_MAX_BYTES = 256 * 1024;

export type ProviderFetchOptions = ApiClient.AddressPolicy & { timeoutMs: number };

/** Why a request to the provider got no usable answer: said to the admin who configures it. */
export class ProviderFetchError extends Error {
  override readonly name = "ProviderFetchError";
}

type Body = Parameters<CustomFetch>[1]["body"];

function bytesOf(body: Body): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string" || body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(new Uint8Array(body));
  throw new ProviderFetchError("a streamed request body is not supported");
}

/**
 * openid-client's fetch for everything it asks of the provider (discovery now; tokens and keys at
 * sign-in). The issuer is an admin's input: left unchecked it would let them make Roster call its
 * own network, so each request goes through the same policy as API clients' JWKS (https to public
 * addresses, every resolved address checked, loopback only locally), follows no redirect, and is
 * bounded in time (connect to last byte within `timeoutMs`: a stalled provider is an error, not a
 * hang) and in size (counted as the body streams in).
 */
export function providerFetch(options: ProviderFetchOptions): CustomFetch {
  return (uri, init) => {
    const url = new URL(uri);
    const refused = ApiClient.urlRefusal(url, options);
    if (refused) return Promise.reject(new ProviderFetchError(refused));
    const body = bytesOf(init.body);
    const request = url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      let done = false;
      const finish = (outcome: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        init.signal?.removeEventListener("abort", onAbort);
        req.destroy();
        outcome();
      };
      const fail = (reason: string) => finish(() => reject(new ProviderFetchError(reason)));
      const onAbort = () => fail("the request was cancelled");
      const timer = setTimeout(() => fail(`no complete answer within ${options.timeoutMs} ms`), options.timeoutMs);
      init.signal?.addEventListener("abort", onAbort);

      const req = request(
        url,
        {
          method: init.method,
          headers: { ...init.headers, ...(body ? { "content-length": String(body.length) } : {}) },
          // A connection of its own: none outlives the request, none is shared with another host's.
          agent: false,
          lookup: ApiClient.guardedLookup(options),
        },
        (res) => readBody(res, fail, (bytes) => finish(() => resolve(toResponse(res, bytes)))),
      );
      req.on("error", (error) => fail(`the request failed: ${error.message}`));
      req.end(body);
    });
  };
}

function readBody(res: IncomingMessage, fail: (reason: string) => void, done: (body: Buffer) => void) {
  if (Number(res.headers["content-length"]) > PROVIDER_MAX_BYTES) return fail(`the answer is over ${PROVIDER_MAX_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  res.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > PROVIDER_MAX_BYTES) return fail(`the answer is over ${PROVIDER_MAX_BYTES} bytes`);
    chunks.push(chunk);
  });
  res.on("end", () => done(Buffer.concat(chunks)));
  res.on("error", (error) => fail(`the answer broke off: ${error.message}`));
}

function toResponse(res: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  const status = res.statusCode ?? 502;
  // The Fetch API refuses a body on these statuses.
  const empty = status === 204 || status === 205 || status === 304;
  return new Response(empty ? null : body, { status, statusText: res.statusMessage, headers });
}
