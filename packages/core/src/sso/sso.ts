import { error } from "../error";
import type { SsoConfigItem } from "../store/sso";

export type { SsoConfigItem };

/** What admins read of the configuration: never the client secret, only whether one is kept. */
export type SsoConfig = {
  issuer: string;
  clientId: string;
  clientSecretSet: boolean;
  groupsClaim: string;
  roles: SsoConfigItem["roles"];
  memberships: SsoConfigItem["memberships"];
  enforced: boolean;
  /** Where the provider sends people back: what to register as the client's redirect URI there. */
  redirectUri: string;
  version: number;
  updatedAt: string;
  updatedBy: { id: string; email: string };
};

/** The callback path of the sign-in flow, under ROSTER_PUBLIC_URL. */
export const CALLBACK_PATH = "/v1/sso/callback";

/** ROSTER_PUBLIC_URL has no trailing slash (config.ts), and may have a path Roster is served under. */
export const redirectUriOf = (publicUrl: string) => `${publicUrl}${CALLBACK_PATH}`;

export const toSsoConfig = (item: SsoConfigItem, publicUrl: string): SsoConfig => ({
  issuer: item.issuer,
  clientId: item.clientId,
  clientSecretSet: item.sealedClientSecret !== undefined,
  groupsClaim: item.groupsClaim,
  roles: item.roles,
  memberships: item.memberships,
  enforced: item.enforced,
  redirectUri: redirectUriOf(publicUrl),
  version: item.version,
  updatedAt: item.updatedAt,
  updatedBy: item.updatedBy,
});

type FieldError = { path: string; message: string };
/** A rule one field broke, named by its path, as schema violations are. */
const atField = (message: string, path: string) => ({ message, details: { errors: [{ path, message }] satisfies FieldError[] } });

export const SsoError = {
  notConfigured: error("sso.not_configured", "Single sign-on is not configured."),
  issuerUnreachable: error("sso.issuer_unreachable", (reason: string) =>
    atField(`The issuer's OpenID Connect discovery document could not be used: ${reason}.`, "issuer"),
  ),
  changed: error("sso.changed", "The single sign-on configuration changed while this request was handled. Read it again and retry."),
  unknownTenant: error("sso.unknown_tenant", (slug: string, path: string) => atField(`No tenant has the slug ${slug}.`, path)),
  roleMismatch: error("sso.role_mismatch", (group: string, role: string, tenantRole: string, path: string) =>
    atField(
      `The group ${group} maps to the role ${role}, which cannot hold ${tenantRole}: OPERATOR_* memberships are for operators and contractors, ` +
        "CLIENT_* for client users, and SUPER_ADMINs and VIEWERs hold none.",
      path,
    ),
  ),
  contractorUnmapped: error("sso.role_mismatch", (group: string, path: string) =>
    atField(
      `The group ${group} cannot map to CONTRACTOR: a contractor's access ends at an instant an admin sets, and a group of the identity provider has none. ` +
        "Invite contractors and grant their memberships with an expiry instead.",
      path,
    ),
  ),
  /** The provider could not be reached at a sign-in (its discovery, keys or token endpoint). */
  providerUnavailable: error("sso.provider_unavailable", "The identity provider cannot be reached right now. Try again in a moment."),
  /** Anything wrong with a callback: unknown, spent or expired state, another browser, a refused code or ID token. */
  signInFailed: error("sso.sign_in_failed", "The sign-in through the identity provider could not be completed. Start it again."),
  /** Enforced SSO: people come from the identity provider, and the ones it manages are changed only there. */
  managed: error("sso.managed", "Single sign-on is enforced: people come from your identity provider, and the ones it manages are changed there."),
  emailUnverified: error("sso.email_unverified", "The identity provider has not verified this person's email address."),
  noAccess: error("sso.no_access", "Your groups at the identity provider give you no access to Roster. Ask an admin."),
  clientSecretRequired: error("sso.client_secret_required", () =>
    atField(
      "Give the clientSecret again (or null for a public client): the stored one was issued for the previous issuer and client id, and is never sent anywhere else.",
      "clientSecret",
    ),
  ),
};

/** The sealed secret's associated data: it opens only for the issuer and client it was given for. */
export const secretBinding = (issuer: string, clientId: string) => `sso:${issuer}#${clientId}`;
