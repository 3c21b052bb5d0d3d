export { lookup, type SetupLookup } from "./lookup";
export { startTotp } from "./start-totp";
export { complete } from "./complete";
export { issueSetupToken, type IssuedSetupToken } from "./issue";
export { SetupError } from "./errors";
export { SetupTokenInput, CompleteSetupInput } from "./schemas";
