import { ApiClient, type Scope } from "@roster/core";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { signClientAssertion, type ClientCredentials } from "../../packages/verify/src/client-assertion";
import { FIXTURE_CONTEXT } from "../fixtures/people";
import type { Harness } from "../harness";

/** An API client registered by the owner, with the private key that proves it. */
export async function registeredClient(h: Harness, ownerToken: string, scopes: Scope[], name = "portal backend") {
  const { privateKey, publicKey } = await generateKeyPair("Ed25519", { extractable: true });
  const client = await ApiClient.create(h.deps, await h.principalOf(ownerToken), { name, type: "DELEGATED", publicKey: { ...(await exportJWK(publicKey)) }, scopes }, FIXTURE_CONTEXT);
  const credentials: ClientCredentials = { id: client.id, privateKey };
  return { client, credentials };
}

/** The access token Roster's token endpoint gives the client (the client credentials grant). */
export async function clientToken(h: Harness, credentials: ClientCredentials, scope?: string): Promise<string> {
  const client_assertion = await signClientAssertion(credentials, h.deps.settings.publicUrl);
  const issued = await ApiClient.issueToken(h.deps, { grant_type: "client_credentials", client_assertion_type: ApiClient.JWT_BEARER, client_assertion, scope });
  return issued.access_token;
}

/**
 * A JWT signed with Roster's own signing key, shaped like its access tokens unless told otherwise:
 * what only a flaw in the verifier's checks (not in the signature) would let through.
 */
export async function rosterSigned(h: Harness, claims: JWTPayload = {}, header: { typ?: string; alg?: string } = {}): Promise<string> {
  const key = h.deps.signingKey;
  const iat = Math.floor(h.clock.now().getTime() / 1000);
  const payload: JWTPayload = { iss: h.deps.settings.publicUrl, sub: "usr_crafted", aud: "roster", iat, exp: iat + 900, jti: "jti_crafted", client_id: "roster", sid: "ses_crafted", role: "OPERATOR", tenants: {}, ...claims };
  // A claim given as undefined is left out.
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg: "EdDSA", kid: key.kid, typ: "at+jwt", ...header }).sign(key.privateKey);
}
