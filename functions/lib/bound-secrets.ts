import { Config } from "sst/node/config";

/*
 * The api's two keys, from the SST secrets bound to it (stacks/api.ts, named in stacks/config.ts's
 * SECRET_NAMES). SST gives a bound secret to a function as a placeholder and the right to read it
 * from SSM Parameter Store; `sst/node/config` resolves every placeholder (the stage's value, else
 * the app's fallback) with a top-level await when it is first imported. So a cold start fetches
 * them once, before the handler module runs, and fails naming every secret that the stage does
 * not set ("The following secret values are not set in the "prod stage": …").
 */

declare module "sst/node/config" {
  export interface SecretResources {
    ROSTER_TOKEN_SIGNING_KEY: { value: string };
    ROSTER_TOTP_ENCRYPTION_KEY: { value: string };
  }
}

export type ApiKeys = {
  /** The Ed25519 private JWK that signs access tokens. */
  signingKeyJwk: string;
  /** 32 bytes, base64: the AES-256-GCM key of the TOTP secrets at rest. */
  totpEncryptionKey: string;
};

/** Read when called, not at import: SST's Config refuses a read where nothing is bound (tests, the local runtime). */
export const boundKeys = (): ApiKeys => ({
  signingKeyJwk: Config.ROSTER_TOKEN_SIGNING_KEY,
  totpEncryptionKey: Config.ROSTER_TOTP_ENCRYPTION_KEY,
});
