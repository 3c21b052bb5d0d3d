import { createMiddleware } from "hono/factory";
import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import type { AppEnv } from "../env";

/** Where the caller is: the socket locally, API Gateway's sourceIp in AWS. Never a client-set header. */
export type ClientIp = (c: Context<AppEnv>) => string | null;

const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Every response names its request with an id of Roster's own, unique, so an audit event always
 * leads to exactly one request. A caller's own `X-Request-Id` is kept beside it when it is sane (so
 * traces join up across services), never in its place: a caller could otherwise make its requests
 * look like someone else's. Anything else it sent is dropped, never echoed into logs.
 */
export const requestId = (clientIp: ClientIp) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header("X-Request-Id");
    const id = randomUUID();
    c.set("requestId", id);
    c.set("requestContext", {
      requestId: id,
      clientRequestId: incoming && SAFE_ID.test(incoming) ? incoming : null,
      ip: clientIp(c),
      userAgent: c.req.header("User-Agent")?.slice(0, 512) ?? null,
    });
    c.header("X-Request-Id", id);
    await next();
    c.header("X-Request-Id", id);
  });
