import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dynamoEndpoint } from "../dynamo-endpoint";
import { FAULT_BUDGET_ENV } from "../fixtures/fault-budget";
import { startFaultProxy, type FaultProxy } from "../fixtures/fault-proxy";
import { createHarness, type Harness } from "../harness";

/*
 * The single sign-on start and callback answer a browser, with redirects, so the OpenAPI document
 * has no 2XX to give them. What it does give must be what they answer: each status it declares is
 * one they really give (shown here), and what they give beyond a redirect is declared.
 */

type Res = Awaited<ReturnType<Harness["call"]>>;
type Doc = { paths: Record<string, { get: { responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }> } }> };

let proxy: FaultProxy;
let h: Harness;
let doc: Doc;

beforeAll(async () => {
  proxy = await startFaultProxy(dynamoEndpoint());
  // No provider is configured: what is shown here is answered before one would be asked.
  h = await createHarness({ dynamoEndpoint: proxy.endpoint, env: FAULT_BUDGET_ENV });
  doc = (await h.call("GET", "/openapi.json")).body;
});
beforeEach(() => proxy.pass());
afterAll(() => proxy?.stop());

const declared = (path: string) => Object.keys(doc.paths[path]!.get.responses).sort();

function expectProblem(res: Res, status: number, code: string) {
  expect({ status: res.status, code: res.body?.code }, JSON.stringify(res.body)).toEqual({ status, code });
  expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
}

describe("GET /v1/sso/start", () => {
  it("declares the redirect, with its Location, and 400, 404 and 503, each a problem document", () => {
    expect(declared("/v1/sso/start")).toEqual(["302", "400", "404", "503"]);
    const responses = doc.paths["/v1/sso/start"]!.get.responses;
    expect(Object.keys(responses["302"]!.headers ?? {})).toContain("Location");
    for (const status of ["400", "404", "503"]) expect(Object.keys(responses[status]!.content ?? {}), status).toEqual(["application/problem+json"]);
  });

  it("400 for a returnTo that is not a path of Roster's own, or given twice", async () => {
    expectProblem(await h.call("GET", `/v1/sso/start?returnTo=${encodeURIComponent("https://evil.example/")}`), 400, "request.invalid");
    expectProblem(await h.call("GET", "/v1/sso/start?returnTo=/a&returnTo=/b"), 400, "request.invalid");
  });

  it("404 without single sign-on", async () => {
    expectProblem(await h.call("GET", "/v1/sso/start"), 404, "sso.not_configured");
  });

  it("503 with the storage unreachable", async () => {
    await proxy.refuse();
    expectProblem(await h.call("GET", "/v1/sso/start"), 503, "service.unavailable");
  });
});

describe("GET /v1/sso/callback", () => {
  it("declares the redirect, with its Location, and 400 and 503, each a problem document", () => {
    expect(declared("/v1/sso/callback")).toEqual(["302", "400", "503"]);
    const responses = doc.paths["/v1/sso/callback"]!.get.responses;
    expect(Object.keys(responses["302"]!.headers ?? {})).toContain("Location");
    for (const status of ["400", "503"]) expect(Object.keys(responses[status]!.content ?? {}), status).toEqual(["application/problem+json"]);
  });

  it("a refusal is a redirect to the sign-in page, the provider's own error included", async () => {
    for (const query of ["", "?state=unknown&code=x", "?error=access_denied&state=unknown"]) {
      const res = await h.call("GET", `/v1/sso/callback${query}`);
      expect(res.status, query).toBe(302);
      expect(res.headers.get("Location"), query).toBe("/console/sign-in?sso=failed");
    }
  });

  it("400 for a parameter given twice, which no provider's redirect holds", async () => {
    expectProblem(await h.call("GET", "/v1/sso/callback?state=a&state=b"), 400, "request.invalid");
    expectProblem(await h.call("GET", "/v1/sso/callback?code=a&code=b&state=s"), 400, "request.invalid");
  });

  it("503 with the storage unreachable", async () => {
    await proxy.refuse();
    expectProblem(await h.call("GET", "/v1/sso/callback?state=unknown&code=x"), 503, "service.unavailable");
  });
});
