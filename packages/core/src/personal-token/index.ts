export { create } from "./create";
export { list } from "./list";
export { revoke } from "./revoke";
export { authenticatePersonalToken } from "./authenticate";
export { CreatePersonalTokenInput, ListPersonalTokensQuery } from "./schemas";
export {
  looksLikePersonalToken,
  PersonalTokenError,
  type CreatedPersonalToken,
  type PersonalToken,
  type PersonalTokenItem,
} from "./token";
