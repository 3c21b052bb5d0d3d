import { createPrivateKey } from "node:crypto";
import { decodeProtectedHeader, exportJWK, exportPKCS8, generateKeyPair, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { signClientAssertion } from "./client-assertion";

const ISSUER = "https://roster.example.com";

describe("signClientAssertion", () => {
  it.each([
    ["Ed25519", "EdDSA"],
    ["ES256", "ES256"],
    ["RS256", "RS256"],
  ] as const)("signs with a %s key as a CryptoKey, a Node KeyObject or a JWK, naming the algorithm itself", async (kind, alg) => {
    const { privateKey, publicKey } = await generateKeyPair(kind, { extractable: true });
    const forms = [privateKey, createPrivateKey(await exportPKCS8(privateKey)), await exportJWK(privateKey)];
    const jtis = new Set<string>();
    for (const form of forms) {
      const assertion = await signClientAssertion({ id: "cli_portal", privateKey: form }, ISSUER);
      expect(decodeProtectedHeader(assertion).alg).toBe(alg);
      const { payload } = await jwtVerify(assertion, publicKey, { issuer: "cli_portal", subject: "cli_portal", audience: ISSUER });
      expect(payload.exp! - payload.iat!).toBe(60);
      jtis.add(payload.jti!);
    }
    expect(jtis.size).toBe(forms.length);
  });

  it("refuses a key of a kind Roster does not register (P-384) rather than guess its algorithm", async () => {
    const { privateKey } = await generateKeyPair("ES384");
    await expect(signClientAssertion({ id: "cli_portal", privateKey }, ISSUER)).rejects.toThrow(/not Ed25519, EC P-256 or RSA/);
  });
});
