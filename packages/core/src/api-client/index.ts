export { create } from "./create";
export { list, get } from "./read";
export { rotateKey } from "./rotate-key";
export { disable, enable } from "./set-status";
export { issueToken, JWT_BEARER, type TokenRequest, type IssuedToken } from "./issue-token";
export { OAuthError, isOAuthError } from "./oauth-error";
export { ApiClientError, type ApiClient, type ApiClientItem } from "./client";
export { ApiClientIdSchema, CreateApiClientFields, CreateApiClientInput, keySourceIssues, ListApiClientsQuery, RotateApiClientKeyInput, ScopeSchema } from "./schemas";
export { authorizationServerMetadata, OAUTH_PATHS, type AuthorizationServerMetadata } from "./metadata";
