/**
 * What an entry point and the code every request runs (the HTTP layer's middleware and error
 * handler) take from core: the ports' adapters, the settings, the errors, none of the areas.
 *
 * They import it instead of the index because a bundle split at dynamic imports puts a module that
 * both its start and a part loaded later import into a chunk the start loads. Were that module the
 * index, the chunk would import every area its namespaces hold, and a cold start would load all of
 * core (and zod's schemas with it) before any request needed one verb.
 */
export { OAUTH_PATHS } from "./api-client/metadata";
export { OAuthError, isOAuthError } from "./api-client/oauth-error";
export { DomainError, isDomainError } from "./error";
export type { ErrorCode } from "./error-codes";
export type { Deps } from "./deps";
export { readSettings, type Settings } from "./config";
export { systemClock } from "./clock";
export { loadOnce } from "./load-once";
export { createDb } from "./store/client";
export { trackRoundTrips } from "./store/round-trips";
export { isStorageUnavailable } from "./store/unavailable";
export { createSecretBox } from "./crypto/secret-box";
export { argon2idHasher } from "./password/hasher";
export { sesMailer } from "./mail/mailer";
export { importSigningKey } from "./tokens/access-token";
export { describeError, type Logger } from "./log";
