import { Auth, Membership, PersonalToken, User } from "@roster/core";
import { createTokenIntrospector, createTokenVerifier, InvalidTokenError, RosterRequestError, type ClientCredentials } from "@roster/verify";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_CONTEXT } from "../fixtures/people";
import { clientToken, registeredClient } from "./roster-tokens";
import { servedRoster, type ServedRoster } from "./served-roster";

/** @roster/verify's introspection (RFC 7662), against Roster served over HTTP. */
let roster: ServedRoster;
let ownerToken: string;
let introspecting: ClientCredentials;

beforeAll(async () => {
  roster = await servedRoster();
  ownerToken = (await roster.h.owner("owner@verify-introspect.example")).accessToken;
  await roster.h.createTenant(ownerToken, "acme");
});
afterAll(async () => {
  await roster?.close();
});

/** An introspector authenticated as a client that holds `tokens:introspect`, registered on first use. */
async function introspector() {
  introspecting ??= (await registeredClient(roster.h, ownerToken, ["tokens:introspect"], "introspecting backend")).credentials;
  return createTokenIntrospector({ issuer: roster.issuer, client: introspecting });
}

async function refusalOf(verifying: Promise<unknown>) {
  return verifying.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
}

describe("an active token", () => {
  it("gives the same identity as offline verification", async () => {
    const person = await roster.h.clientUser(ownerToken, "acme", "ada@verify-introspect.example", "CLIENT_ADMIN");
    const introspected = await (await introspector())(person.accessToken);
    const offline = await createTokenVerifier({ issuer: roster.issuer })(person.accessToken);

    expect(introspected).toMatchObject({ sub: person.id, clientId: "roster", role: "CLIENT_USER", tenants: { acme: "CLIENT_ADMIN" }, scope: [] });
    expect(introspected.expiresAt).toEqual(offline.expiresAt);
    expect(introspected.issuedAt).toEqual(offline.issuedAt);
  });

  it("says what the person may do now, not when the token was issued", async () => {
    const { h } = roster;
    const person = await h.clientUser(ownerToken, "acme", "bea@verify-introspect.example", "CLIENT_VIEWER");
    await Membership.revoke(h.deps, await Auth.authenticate(h.deps, ownerToken, { tenant: "acme" }), "acme", person.id, FIXTURE_CONTEXT);
    expect((await createTokenVerifier({ issuer: roster.issuer })(person.accessToken)).tenants).toEqual({ acme: "CLIENT_VIEWER" });
    expect((await (await introspector())(person.accessToken)).tenants).toEqual({});
  });

  it("of an API client: its id and scopes", async () => {
    const { client, credentials } = await registeredClient(roster.h, ownerToken, ["users:read", "memberships:read"]);
    const identity = await (await introspector())(await clientToken(roster.h, credentials));
    expect(identity).toMatchObject({ sub: client.id, clientId: client.id, scope: ["users:read", "memberships:read"] });
  });

  it("a personal access token stands for its person", async () => {
    const { h } = roster;
    const person = await h.member(ownerToken, "cy@verify-introspect.example", "OPERATOR");
    const pat = await PersonalToken.create(h.deps, await h.principalOf(person.accessToken), { name: "script", expiresInDays: 1 }, FIXTURE_CONTEXT);
    expect(await (await introspector())(pat.token)).toMatchObject({ sub: person.id, role: "OPERATOR", scope: [] });
  });
});

describe("an inactive token", () => {
  it("of a person deactivated since: token.inactive, though its signature is still good", async () => {
    const { h } = roster;
    const person = await h.member(ownerToken, "dee@verify-introspect.example", "OPERATOR");
    await User.deactivate(h.deps, await h.principalOf(ownerToken), person.id, FIXTURE_CONTEXT);
    await expect(createTokenVerifier({ issuer: roster.issuer })(person.accessToken)).resolves.toMatchObject({ sub: person.id });
    const error = await refusalOf((await introspector())(person.accessToken));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ code: "token.inactive" });
  });

  it("that never was one: token.inactive", async () => {
    const error = await refusalOf((await introspector())("not-a-token"));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ code: "token.inactive" });
  });
});

describe("when Roster does not give a verdict", () => {
  it("a client without tokens:introspect is refused, as a configuration to fix rather than a bad token", async () => {
    const { credentials } = await registeredClient(roster.h, ownerToken, ["users:read"], "not an introspector");
    const error = await refusalOf(createTokenIntrospector({ issuer: roster.issuer, client: credentials })(ownerToken));
    expect(error).toBeInstanceOf(RosterRequestError);
    expect(error).toMatchObject({ code: "roster.refused", error: expect.any(String) });
    expect([401, 403]).toContain((error as RosterRequestError).status);
  });

  it("an endpoint that does not answer is given up on after timeoutMs", async () => {
    const silent: Server = createServer(() => {
      // Never answers: the request hangs until the caller gives up.
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    try {
      const { credentials } = await registeredClient(roster.h, ownerToken, ["users:read"], "patient backend");
      const introspect = createTokenIntrospector({ issuer: roster.issuer, client: credentials, introspectionEndpoint: `http://127.0.0.1:${port}/oauth/introspect`, timeoutMs: 200 });
      const started = Date.now();
      const error = await refusalOf(introspect(ownerToken));
      expect(error).toBeInstanceOf(RosterRequestError);
      expect(error).toMatchObject({ code: "roster.unreachable", message: expect.stringContaining("no answer within 200 ms") });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
