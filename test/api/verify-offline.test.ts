import { Membership, ROLES, SCOPES } from "@roster/core";
import { GLOBAL_ROLES, SCOPES as VERIFY_SCOPES, TENANT_ROLES, createTokenVerifier, InvalidTokenError, RosterRequestError, type InvalidTokenCode } from "@roster/verify";
import { base64url, decodeJwt, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePorts } from "../../packages/local/src/free-port";
import { clientToken, registeredClient, rosterSigned } from "./roster-tokens";
import { servedRoster, type ServedRoster } from "./served-roster";

/** @roster/verify's offline verification, against the JWKS of Roster served over HTTP. */
let roster: ServedRoster;
let ownerToken: string;
let ownerId: string;

beforeAll(async () => {
  roster = await servedRoster();
  const owner = await roster.h.owner("owner@verify-offline.example");
  ownerToken = owner.accessToken;
  ownerId = owner.id;
});
afterAll(async () => {
  await roster?.close();
});

const verifier = (options: { issuer?: string; now?: () => Date } = {}) => createTokenVerifier({ issuer: roster.issuer, ...options });

/** The failure a verification ends in: it must be InvalidTokenError with this code. */
async function refusal(verifying: Promise<unknown>, code: InvalidTokenCode) {
  const error = await verifying.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  expect(error).toMatchObject({ code });
  return error as InvalidTokenError;
}

describe("a token Roster issued", () => {
  it("gives a person's identity: who, global role, tenants, no scope", async () => {
    const { h } = roster;
    await h.createTenant(ownerToken, "acme");
    const person = await h.clientUser(ownerToken, "acme", "ada@verify-offline.example", "CLIENT_ADMIN");

    const identity = await verifier()(person.accessToken);

    expect(identity).toMatchObject({ sub: person.id, clientId: "roster", role: "CLIENT_USER", tenants: { acme: "CLIENT_ADMIN" }, scope: [] });
    const claims = decodeJwt(person.accessToken);
    expect(identity.expiresAt).toEqual(new Date(claims.exp! * 1000));
    expect(identity.issuedAt).toEqual(new Date(claims.iat! * 1000));
    expect(identity.claims.jti).toEqual(expect.any(String));
  });

  it("names no tenants as {} (the owner holds no memberships)", async () => {
    const identity = await verifier()(ownerToken);
    expect(identity).toMatchObject({ sub: ownerId, clientId: "roster", role: "SUPER_ADMIN", tenants: {}, scope: [] });
  });

  it("gives a client's identity: its id, its scopes as a list", async () => {
    const { h } = roster;
    const { client, credentials } = await registeredClient(h, ownerToken, ["users:read", "tenants:read"]);
    const identity = await verifier()(await clientToken(h, credentials, "users:read"));
    expect(identity).toMatchObject({ sub: client.id, clientId: client.id, scope: ["users:read"] });
  });
});

describe("a token that is not good", () => {
  it("a tampered payload fails its signature", async () => {
    const [header, payload, signature] = ownerToken.split(".");
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!)));
    const promoted = base64url.encode(JSON.stringify({ ...claims, tenants: { acme: "CLIENT_ADMIN" } }));
    await refusal(verifier()(`${header}.${promoted}.${signature}`), "token.signature_invalid");
  });

  it("alg none, and a symmetric algorithm keyed with Roster's public key, are refused before any key is used", async () => {
    const claims = decodeJwt(ownerToken);
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    await refusal(verifier()(`${encode({ alg: "none", typ: "at+jwt" })}.${encode(claims)}.`), "token.signature_invalid");
    const confused = await new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: roster.h.deps.signingKey.kid }).sign(new TextEncoder().encode(roster.h.deps.signingKey.publicJwk.x!));
    await refusal(verifier()(confused), "token.signature_invalid");
  });

  it("a token signed by a key Roster does not publish is refused, whatever kid it names", async () => {
    const { privateKey } = await generateKeyPair("Ed25519");
    const claims = decodeJwt(ownerToken);
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: roster.h.deps.signingKey.kid }).sign(privateKey);
    await refusal(verifier()(forged), "token.signature_invalid");
  });

  it("signed by Roster but for another issuer, or checked against another spelling of the issuer", async () => {
    const error = await refusal(verifier()(await rosterSigned(roster.h, { iss: "https://elsewhere.example" })), "token.claim_invalid");
    expect(error.claim).toBe("iss");
    const localhost = roster.issuer.replace("127.0.0.1", "localhost");
    expect((await refusal(verifier({ issuer: localhost })(await rosterSigned(roster.h)), "token.claim_invalid")).claim).toBe("iss");
  });

  it("a JWT of another type (an ID token, `typ: JWT`), or for another audience", async () => {
    expect((await refusal(verifier()(await rosterSigned(roster.h, {}, { typ: "JWT" })), "token.claim_invalid")).claim).toBe("typ");
    expect((await refusal(verifier()(await rosterSigned(roster.h, { aud: "billing" })), "token.claim_invalid")).claim).toBe("aud");
  });

  it.each([["jti"], ["client_id"], ["iat"], ["sub"]])("a token without RFC 9068's %s", async (claim) => {
    const error = await refusal(verifier()(await rosterSigned(roster.h, { [claim]: undefined })), "token.claim_invalid");
    expect(error.claim).toBe(claim);
  });

  it("claims of the wrong shape refuse the token rather than read as nothing", async () => {
    expect((await refusal(verifier()(await rosterSigned(roster.h, { tenants: ["acme"] })), "token.claim_invalid")).claim).toBe("tenants");
    expect((await refusal(verifier()(await rosterSigned(roster.h, { tenants: { acme: 1 } })), "token.claim_invalid")).claim).toBe("tenants");
    expect((await refusal(verifier()(await rosterSigned(roster.h, { scope: ["users:read"] })), "token.claim_invalid")).claim).toBe("scope");
  });

  it("a role, tenant role or scope this version does not know grants nothing", async () => {
    const identity = await verifier()(await rosterSigned(roster.h, { role: "EMPEROR", tenants: { acme: "CLIENT_ADMIN", beta: "OWNER" }, scope: "users:read rule:all" }));
    expect(identity).toMatchObject({ role: null, tenants: { acme: "CLIENT_ADMIN" }, scope: ["users:read"] });
    expect(Object.keys(identity.tenants)).toEqual(["acme"]);
  });

  it("expires at its exp, by the clock the verifier is given", async () => {
    const { h } = roster;
    const person = await h.member(ownerToken, "grace@verify-offline.example", "OPERATOR");
    const verify = verifier({ now: () => h.clock.now() });
    await expect(verify(person.accessToken)).resolves.toMatchObject({ sub: person.id });
    h.clock.advance((h.deps.settings.accessTokenTtlSeconds + 1) * 1000);
    await refusal(verify(person.accessToken), "token.expired");
  });

  it.each([["not.a.jwt"], ["eyJhbGciOiJFZERTQSJ9"], [""]])("%j is malformed", async (token) => {
    await refusal(verifier()(token), "token.malformed");
  });
});

describe("when Roster's keys cannot be had", () => {
  it("says Roster is unreachable, not that the token is bad", async () => {
    const [closed] = await findFreePorts(1);
    const verify = createTokenVerifier({ issuer: roster.issuer, jwksUri: `http://127.0.0.1:${closed}/.well-known/jwks.json` });
    const error = await verify(await rosterSigned(roster.h)).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RosterRequestError);
    expect(error).toMatchObject({ code: "roster.unreachable" });
  });
});

describe("the names it knows", () => {
  it("are Roster's roles, tenant roles and scopes", () => {
    expect(GLOBAL_ROLES).toEqual(ROLES);
    expect(TENANT_ROLES).toEqual(Membership.TENANT_ROLES);
    expect(VERIFY_SCOPES).toEqual(SCOPES);
  });
});
