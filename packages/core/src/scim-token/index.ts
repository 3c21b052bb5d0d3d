export { create } from "./create";
export { list } from "./list";
export { revoke } from "./revoke";
export { authenticate } from "./authenticate";
export { CreateScimTokenInput, ListScimTokensQuery, ScimTokenIdSchema } from "./schemas";
export { format, looksLikeOne, parse, ScimTokenError, type CreatedScimToken, type ScimToken } from "./token";
