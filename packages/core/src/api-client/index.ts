export { create } from "./create";
export { list, get } from "./read";
export { rotateKey } from "./rotate-key";
export { disable, enable } from "./set-status";
export { issueToken, JWT_BEARER, type TokenRequest, type IssuedToken } from "./issue-token";
export { introspect, type Introspection, type IntrospectionRequest } from "./introspect";
export { revokeToken, type RevocationRequest } from "./revoke-token";
export { OAuthError, isOAuthError } from "./oauth-error";
export { ApiClientError, type ApiClient, type ApiClientItem } from "./client";
export { ApiClientIdSchema, CreateApiClientFields, CreateApiClientInput, keySourceIssues, ListApiClientsQuery, RotateApiClientKeyInput, ScopeSchema } from "./schemas";
export { authorizationServerMetadata, OAUTH_PATHS, type AuthorizationServerMetadata } from "./metadata";
// The network policy of every fetch of an address someone else gave (a client's JWKS, an identity provider's documents).
export { urlRefusal, type AddressPolicy } from "./address-policy";
export { guardedLookup } from "./guarded-lookup";
