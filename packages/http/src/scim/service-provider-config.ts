import { Scim } from "@roster/core";

/**
 * RFC 7643 §5: what this service provider does. PATCH yes (Okta and Entra ID send it for every
 * change); bulk, sorting, ETags and password changes no (people set their passwords at Roster, or
 * sign in through the identity provider); filters yes, `eq` and `and` on the attributes
 * ResourceTypes names.
 */
export const serviceProviderConfig = (base: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
  documentationUri: `${new URL(base).origin}/docs`,
  patch: { supported: true },
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: Scim.MAX_RESULTS },
  changePassword: { supported: false },
  sort: { supported: false },
  etag: { supported: false },
  authenticationSchemes: [
    {
      type: "oauthbearertoken",
      name: "OAuth Bearer Token",
      description: "A directory token made by a SUPER_ADMIN with POST /v1/scim-tokens, sent as Authorization: Bearer <token>.",
      specUri: "https://www.rfc-editor.org/rfc/rfc6750",
      primary: true,
    },
  ],
  meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
});
