import * as client from "openid-client";
import type { Settings } from "../config";
import { providerFetch } from "./guarded-fetch";
import { SsoError } from "./sso";

export type ProviderClient = { issuer: string; clientId: string; clientSecret: string | null };

/**
 * The provider as openid-client knows it, from its discovery document: fetched under Roster's
 * network policy with the SSO timeout, and refused unless its `issuer` is the one configured
 * (OpenID Connect Discovery §4.3, which openid-client checks: a document that names another issuer
 * could hand out another provider's keys). Every way it fails is 400 `sso.issuer_unreachable`,
 * with the reason: the admin configuring it needs to know what to fix.
 *
 * The sign-in flow uses the same Configuration (its fetch stays guarded for tokens and keys).
 */
export async function discover(settings: Pick<Settings, "allowLoopbackFetch" | "ssoTimeoutMs">, provider: ProviderClient): Promise<client.Configuration> {
  const policy = { allowLoopback: settings.allowLoopbackFetch, timeoutMs: settings.ssoTimeoutMs };
  const authentication = provider.clientSecret === null ? client.None() : client.ClientSecretPost(provider.clientSecret);
  try {
    const configuration = await client.discovery(new URL(provider.issuer), provider.clientId, undefined, authentication, {
      [client.customFetch]: providerFetch(policy),
      // openid-client's own deadline, in seconds; providerFetch's (in ms) is the one that bites first.
      timeout: Math.ceil(policy.timeoutMs / 1000) + 1,
      // http is only ever reached where the policy allows it (loopback, locally): providerFetch refuses it anywhere else.
      execute: settings.allowLoopbackFetch ? [client.allowInsecureRequests] : [],
    });
    requireEndpoints(configuration.serverMetadata());
    return configuration;
  } catch (error) {
    throw SsoError.issuerUnreachable(reasonOf(error));
  }
}

/** What the authorization code flow needs of a provider, beyond what discovery itself checks. */
function requireEndpoints(metadata: client.ServerMetadata) {
  const missing = (["authorization_endpoint", "token_endpoint", "jwks_uri"] as const).filter((name) => typeof metadata[name] !== "string");
  if (missing.length > 0) throw new client.ClientError(`the document names no ${missing.join(", ")}`);
}

/** What openid-client's codes mean to the admin who gave the issuer. */
const REASONS: Record<string, string> = {
  OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED: "the document names another issuer",
  OAUTH_RESPONSE_IS_NOT_JSON: "the answer is not JSON",
  OAUTH_PARSE_ERROR: "the answer is not JSON",
  OAUTH_INVALID_RESPONSE: "the answer is not a discovery document",
};

/** The reason openid-client gives, in the admin's terms, with the server's status or the network's reason behind it. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return "it could not be fetched";
  const known = error instanceof client.ClientError && error.code !== undefined ? REASONS[error.code] : undefined;
  if (known) return known;
  const cause = error.cause;
  if (cause instanceof Response) return `the server answered ${cause.status}`;
  // openid-client says "something went wrong" around a failure it did not make itself (the network's).
  if (cause instanceof Error) return error.message === "something went wrong" ? cause.message : `${error.message}: ${cause.message}`;
  return error.message;
}
