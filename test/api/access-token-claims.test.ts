import { ApiClient, Membership } from "@roster/core";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_CONTEXT, GOOD_PASSWORD } from "../fixtures/people";
import { createHarness, PUBLIC_URL, type Harness } from "../harness";
import { stepOf, totpAt } from "../totp";

/**
 * Access tokens as another service verifies them offline (RFC 9068): jose against Roster's JWKS,
 * with every claim the profile requires, and what the token says its holder reaches.
 */
let h: Harness;
let ownerToken: string;
let counter = 0;

beforeAll(async () => {
  h = await createHarness();
  ownerToken = (await h.owner("owner@claims.example")).accessToken;
  await h.createTenant(ownerToken, "acme");
  await h.createTenant(ownerToken, "globex");
  await h.createTenant(ownerToken, "initech");
});

const REQUIRED = ["iss", "sub", "aud", "exp", "iat", "jti", "client_id"];

/** The claims of a token, verified the way an offline verifier would: signature, issuer, audience, typ, RFC 9068's required claims. */
async function verified(token: string): Promise<JWTPayload> {
  const jwks = createLocalJWKSet((await h.call("GET", "/.well-known/jwks.json")).body);
  const { payload } = await jwtVerify(token, jwks, { issuer: PUBLIC_URL, audience: "roster", typ: "at+jwt", requiredClaims: REQUIRED, currentDate: h.clock.now() });
  return payload;
}

const inMinutes = (minutes: number) => new Date(h.clock.now().getTime() + minutes * 60_000).toISOString();
const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const refresh = (refreshToken: string) => h.call("POST", "/v1/auth/refresh", { body: { refreshToken } });
const operator = (role = "OPERATOR") => h.member(ownerToken, `claims${++counter}@example.com`, role);

describe("a person's access token", () => {
  it("carries jti, client_id roster, the session, the role and no tenants when there are none", async () => {
    const person = await operator();
    const claims = await verified(person.accessToken);
    expect(claims).toMatchObject({ sub: person.id, client_id: "roster", sid: expect.any(String), role: "OPERATOR", tenants: {} });
    expect(claims.exp! - claims.iat!).toBe(person.expiresIn);
    expect(person.expiresIn).toBe(900);
    const again = await h.signIn(person.email, person.secret);
    expect((await verified(again.accessToken)).jti).not.toBe(claims.jti);
  });

  it("names the live tenants and never outlives the first membership to end; refresh follows what changed", async () => {
    const person = await operator("CONTRACTOR");
    const soon = inMinutes(5);
    await h.grant(ownerToken, "acme", person.id, "OPERATOR_FULL", inMinutes(60 * 24));
    await h.grant(ownerToken, "globex", person.id, "OPERATOR_READONLY", soon);
    const signedIn = await h.signIn(person.email, person.secret);
    const claims = await verified(signedIn.accessToken);
    expect(claims.tenants).toEqual({ acme: "OPERATOR_FULL", globex: "OPERATOR_READONLY" });
    expect(claims.role).toBe("CONTRACTOR");
    expect(claims.exp).toBe(seconds(soon));
    expect(signedIn.expiresIn).toBe(claims.exp! - claims.iat!);
    expect(signedIn.expiresIn).toBeLessThan(900);

    // Past globex's expiry, before any job recorded it: the next token names acme alone.
    h.clock.advance(6 * 60_000);
    const later = await refresh(signedIn.refreshToken);
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    const laterClaims = await verified(later.body.accessToken);
    expect(laterClaims.tenants).toEqual({ acme: "OPERATOR_FULL" });
    expect(later.body.expiresIn).toBe(900);

    // A role change and a revocation show in the token after them.
    expect((await h.call("PUT", `/v1/tenants/acme/memberships/${person.id}`, { token: ownerToken, body: { role: "OPERATOR_READONLY" } })).status).toBe(200);
    const changed = await refresh(later.body.refreshToken);
    expect((await verified(changed.body.accessToken)).tenants).toEqual({ acme: "OPERATOR_READONLY" });
    expect((await h.call("DELETE", `/v1/tenants/acme/memberships/${person.id}`, { token: ownerToken })).status).toBe(204);
    const revoked = await refresh(changed.body.refreshToken);
    expect((await verified(revoked.body.accessToken)).tenants).toEqual({});
  });

  it("after the expiry job recorded an expiry, the profile no longer names it", async () => {
    const person = await operator("CONTRACTOR");
    await h.grant(ownerToken, "initech", person.id, "OPERATOR_FULL", inMinutes(2));
    h.clock.advance(3 * 60_000);
    await Membership.expireDue(h.deps, h.clock.now());
    const profile = (await h.deps.db.doc.send(new GetCommand({ TableName: h.table, Key: { pk: `USER#${person.id}`, sk: "PROFILE" }, ConsistentRead: true }))).Item!;
    expect(profile["access#initech"]).toBeUndefined();
    expect((await verified((await h.signIn(person.email, person.secret)).accessToken)).tenants).toEqual({});
  });

  it("from the MFA re-enrolment names the tenants too", async () => {
    const person = await operator();
    await h.grant(ownerToken, "acme", person.id, "OPERATOR_FULL");
    expect((await h.call("POST", `/v1/users/${person.id}/mfa-reset`, { token: ownerToken })).status).toBe(200);
    const login = await h.call("POST", "/v1/auth/login", { body: { email: person.email, password: GOOD_PASSWORD } });
    expect(login.status).toBe(403);
    const { enrollmentToken } = login.body;
    const { secret } = (await h.call("POST", "/v1/auth/mfa/enroll", { body: { enrollmentToken } })).body;
    const confirmed = await h.call("POST", "/v1/auth/mfa/confirm", { body: { enrollmentToken, totpCode: totpAt(secret, stepOf(h.clock.now())) } });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(await verified(confirmed.body.accessToken)).toMatchObject({ sub: person.id, client_id: "roster", role: "OPERATOR", tenants: { acme: "OPERATOR_FULL" } });
  });
});

describe("an API client's access token", () => {
  async function clientFor(creatorToken: string, type: "DELEGATED" | "USER") {
    const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
    const principal = await h.principalOf(creatorToken);
    const client = await ApiClient.create(h.deps, principal, { name: `${type} claims ${++counter}`, type, publicKey: await exportJWK(publicKey), scopes: ["tenants:read"] }, FIXTURE_CONTEXT);
    const grant = async () => {
      const now = Math.floor(h.clock.now().getTime() / 1000);
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg: "ES256" })
        .setIssuer(client.id)
        .setSubject(client.id)
        .setAudience(PUBLIC_URL)
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .setJti(randomUUID())
        .sign(privateKey);
      const form = new URLSearchParams({ grant_type: "client_credentials", client_assertion_type: ApiClient.JWT_BEARER, client_assertion: assertion });
      return h.call("POST", "/oauth/token", { raw: form.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    };
    return { client, grant };
  }

  it("a DELEGATED client's acts for the workspace: role SUPER_ADMIN, no tenants, its scope; two round trips", async () => {
    const { client, grant } = await clientFor(ownerToken, "DELEGATED");
    const res = await grant();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.calls).toBe(2);
    expect(await verified(res.body.access_token)).toMatchObject({ sub: client.id, client_id: client.id, scope: "tenants:read", role: "SUPER_ADMIN", tenants: {} });
  });

  it("a USER client's says its creator's role and tenants now, and ends with the creator's first membership", async () => {
    const creator = await h.member(ownerToken, `claims-admin${++counter}@example.com`, "SUPER_ADMIN");
    const { client, grant } = await clientFor(creator.accessToken, "USER");
    const first = await grant();
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    // The creator's profile is the third round trip.
    expect(first.calls).toBe(3);
    expect(await verified(first.body.access_token)).toMatchObject({ sub: client.id, client_id: client.id, uid: creator.id, role: "SUPER_ADMIN", tenants: {} });

    // The creator becomes a contractor of one tenant: the client's next token says so, and ends with that membership.
    expect((await h.call("PUT", `/v1/users/${creator.id}/role`, { token: ownerToken, body: { role: "CONTRACTOR" } })).status).toBe(200);
    const ends = inMinutes(4);
    await h.grant(ownerToken, "globex", creator.id, "OPERATOR_READONLY", ends);
    const res = await grant();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const claims = await verified(res.body.access_token);
    expect(claims).toMatchObject({ sub: client.id, client_id: client.id, uid: creator.id, role: "CONTRACTOR", tenants: { globex: "OPERATOR_READONLY" } });
    expect(claims.exp).toBe(seconds(ends));
    expect(res.body.expires_in).toBe(claims.exp! - claims.iat!);

    // A creator who can no longer sign in gets their client no token at all.
    expect((await h.call("POST", `/v1/users/${creator.id}/deactivate`, { token: ownerToken })).status).toBe(200);
    const refused = await grant();
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe("invalid_client");
  });
});

describe("the profile's tenant access under concurrency", () => {
  const profileOf = async (userId: string) =>
    (await h.deps.db.doc.send(new GetCommand({ TableName: h.table, Key: { pk: `USER#${userId}`, sk: "PROFILE" }, ConsistentRead: true }))).Item!;
  const membershipOf = async (slug: string, userId: string) =>
    (await h.deps.db.doc.send(new GetCommand({ TableName: h.table, Key: { pk: `TENANT#${slug}`, sk: `MEMBER#${userId}` }, ConsistentRead: true }))).Item;

  it("race: grants, role changes and revocations of one membership in parallel leave the profile saying what the membership says", async () => {
    const person = await operator();
    for (let round = 0; round < 4; round++) {
      await Promise.allSettled([
        h.call("PUT", `/v1/tenants/acme/memberships/${person.id}`, { token: ownerToken, body: { role: "OPERATOR_FULL" } }),
        h.call("PUT", `/v1/tenants/acme/memberships/${person.id}`, { token: ownerToken, body: { role: "OPERATOR_READONLY" } }),
        h.call("DELETE", `/v1/tenants/acme/memberships/${person.id}`, { token: ownerToken }),
        h.call("PUT", `/v1/tenants/globex/memberships/${person.id}`, { token: ownerToken, body: { role: round % 2 ? "OPERATOR_FULL" : "OPERATOR_READONLY" } }),
      ]);
      const profile = await profileOf(person.id);
      for (const slug of ["acme", "globex"]) {
        const membership = await membershipOf(slug, person.id);
        expect(profile[`access#${slug}`], `round ${round}, ${slug}`).toEqual(membership ? { role: membership.role, expiresAt: membership.expiresAt } : undefined);
      }
      expect(profile.memberTenants ?? new Set()).toEqual(new Set(Object.keys(profile).filter((name) => name.startsWith("access#")).map((name) => name.slice(7))));
    }
  });
});
