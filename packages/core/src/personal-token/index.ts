export { create } from "./create";
export { list } from "./list";
export { revoke } from "./revoke";
export { CreatePersonalTokenInput, ListPersonalTokensQuery } from "./schemas";
export { format, looksLikeOne, parse, matches, isLive, PersonalTokenError, type CreatedPersonalToken, type PersonalToken, type PersonalTokenItem } from "./token";
