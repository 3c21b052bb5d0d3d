import { every } from "hono/combine";
import { createMiddleware } from "hono/factory";
import { requestId as honoRequestId } from "hono/request-id";
import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { setAnswerHeader } from "./answer-header";

/** Where the caller is: the socket locally, API Gateway's sourceIp in AWS. Never a client-set header. */
export type ClientIp = (c: Context<AppEnv>) => string | null;

const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Every response names its request with an id of Roster's own, unique, so an audit event always
 * leads to exactly one request. A caller's own `X-Request-Id` is kept beside it when it is sane (so
 * traces join up across services), never in its place: a caller could otherwise make its requests
 * look like someone else's. Anything else it sent is dropped, never echoed into logs.
 *
 * Hono's requestId middleware makes the id (`c.var.requestId`). Left to its defaults it would
 * adopt a well-formed incoming X-Request-Id as the id, so it is given no header name: it then
 * neither reads nor writes one, and the header is set here, from the id it made.
 */
export const requestId = (clientIp: ClientIp) =>
  every(
    honoRequestId({ headerName: "", generator: () => randomUUID() }),
    createMiddleware<AppEnv>(async (c, next) => {
      const id = c.var.requestId;
      const incoming = c.req.header("X-Request-Id");
      c.set("requestContext", {
        requestId: id,
        clientRequestId: incoming && SAFE_ID.test(incoming) ? incoming : null,
        ip: clientIp(c),
        userAgent: c.req.header("User-Agent")?.slice(0, 512) ?? null,
      });
      c.header("X-Request-Id", id);
      await next();
      // Again on the answer as it ended up: an error handler's response is a new one.
      setAnswerHeader(c, "X-Request-Id", id);
    }),
  );
