import type { RosterIdentity } from "../identity";

/** What rosterAuth sets on the context: `c.get("roster")` (or `c.var.roster`) in the routes after it. */
export type RosterVariables = { roster: RosterIdentity };

/** The app's Env for routes behind rosterAuth: `new Hono<RosterEnv>()`, or intersect it with your own. */
export type RosterEnv = { Variables: RosterVariables };
