export { authenticate, authenticateCredential } from "./authenticate";
export type { Authenticated, Credential } from "./credential";
export type { AuthScope } from "./account";
export { authenticateConsole, type ConsolePrincipal } from "./console";
