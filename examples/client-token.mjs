#!/usr/bin/env node
/**
 * Gets an access token for a Roster API client: discovers the token endpoint from the issuer
 * (RFC 8414), signs a client assertion with the client's private key (RFC 7523, private_key_jwt)
 * and trades it for a token (the client credentials grant). Needs Node 20+ and `jose`.
 *
 *   node examples/client-token.mjs <client-id> <private-key.pem> [scope ...]
 *
 * ROSTER_URL is the issuer, ROSTER_PUBLIC_URL exactly (default http://127.0.0.1:3000). Prints the
 * access token alone, so a shell can keep it: TOKEN=$(node examples/client-token.mjs cli_… client.pem)
 */
import { randomUUID, createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { SignJWT } from "jose";

const [clientId, keyFile, ...scopes] = process.argv.slice(2);
if (!clientId || !keyFile) {
  console.error("Usage: node examples/client-token.mjs <client-id> <private-key.pem> [scope ...]");
  process.exit(2);
}
const issuer = (process.env.ROSTER_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");

// One algorithm per key type, as Roster verifies them.
const key = createPrivateKey(readFileSync(keyFile));
const alg = { ed25519: "EdDSA", ec: "ES256", rsa: "RS256" }[key.asymmetricKeyType];
if (!alg) throw new Error(`Roster takes Ed25519, EC P-256 or RSA keys; this one is ${key.asymmetricKeyType}.`);

const metadata = await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json();
if (metadata.issuer !== issuer) throw new Error(`${issuer} says its issuer is ${metadata.issuer}: set ROSTER_URL to exactly that.`);

// Short-lived and single-use: Roster refuses an assertion that lives past 5 minutes or comes twice.
const assertion = await new SignJWT({})
  .setProtectedHeader({ alg })
  .setIssuer(clientId)
  .setSubject(clientId)
  .setAudience(metadata.issuer)
  .setJti(randomUUID())
  .setIssuedAt()
  .setExpirationTime("60s")
  .sign(key);

const response = await fetch(metadata.token_endpoint, {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({
    grant_type: "client_credentials",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: assertion,
    ...(scopes.length ? { scope: scopes.join(" ") } : {}),
  }),
});
const answer = await response.json();
if (!response.ok) {
  console.error(`${response.status} ${answer.error}: ${answer.error_description ?? ""}`);
  process.exit(1);
}
console.log(answer.access_token);
