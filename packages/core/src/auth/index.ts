export { authenticate } from "./authenticate";
export type { AuthScope } from "./account";
export { authenticateConsole, type ConsolePrincipal } from "./console";
