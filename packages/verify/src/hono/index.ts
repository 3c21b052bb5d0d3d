export { rosterAuth, type RosterAuthOptions } from "./roster-auth";
export { requireRole, requireScope, requireTenant } from "./guards";
export type { RosterEnv, RosterVariables } from "./env";
