export { GLOBAL_ROLES, SCOPES, TENANT_ROLES, type GlobalRole, type Scope, type TenantRole } from "./catalog";
export type { AssertionAlgorithm, ClientCredentials } from "./client-assertion";
export { InvalidTokenError, RosterRequestError, type InvalidTokenCode, type RosterRequestCode } from "./errors";
export { PERSON_CLIENT_ID, type RosterIdentity } from "./identity";
export { createTokenIntrospector, type IntrospectorOptions } from "./introspect";
export { createTokenVerifier, type OfflineVerifierOptions, type TokenVerifier } from "./offline";
export { createVerifier, type VerifierOptions } from "./verifier";
