import { describe, expect, it } from "vitest";
import { isStorageUnavailable } from "./unavailable";

/*
 * The shapes the SDK throws when storage is away (as the fault tests meet them through a stalling
 * or refusing proxy), and ones that are bugs or the caller's doing, which must not become a 503.
 */
const sdkError = (name: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, ...fields });

describe("isStorageUnavailable", () => {
  it.each([
    ["a request timeout (a stalled table)", sdkError("TimeoutError", { code: "ETIMEDOUT" })],
    ["a connection or idle-socket timeout", sdkError("TimeoutError")],
    ["an aborted call", sdkError("AbortError")],
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), { code: "ECONNREFUSED" })],
    ["a reset connection", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })],
    ["an unreachable network", Object.assign(new Error("connect ENETUNREACH"), { code: "ENETUNREACH" })],
    ["a transaction still running after a retry", sdkError("TransactionInProgressException", { $metadata: { httpStatusCode: 400 } })],
    ["a 5xx", sdkError("InternalServerError", { $metadata: { httpStatusCode: 500 } })],
    ["throttling after the retries", sdkError("ThrottlingException", { $metadata: { httpStatusCode: 400 } })],
    ["one of several", new AggregateError([new Error("x"), Object.assign(new Error("y"), { code: "ECONNREFUSED" })])],
    ["a cause", new Error("wrapped", { cause: sdkError("TimeoutError") })],
  ])("%s is an outage", (_name, error) => {
    expect(isStorageUnavailable(error)).toBe(true);
  });

  it.each([
    ["a failed condition", sdkError("ConditionalCheckFailedException", { $metadata: { httpStatusCode: 400 } })],
    ["a malformed request", sdkError("ValidationException", { $metadata: { httpStatusCode: 400 } })],
    ["a missing table", sdkError("ResourceNotFoundException", { $metadata: { httpStatusCode: 400 } })],
    ["a bug", new TypeError("Cannot read properties of undefined")],
    ["not an error", "ECONNREFUSED"],
  ])("%s is not", (_name, error) => {
    expect(isStorageUnavailable(error)).toBe(false);
  });
});
