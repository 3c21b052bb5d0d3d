export { lookup, type SetupLookup } from "./lookup";
export { startTotp } from "./start-totp";
export { complete } from "./complete";
export { SetupError } from "./setup-token";
export { SetupTokenInput, CompleteSetupInput } from "./schemas";
