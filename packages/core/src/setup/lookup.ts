import type { Role } from "../actor";
import type { Deps } from "../deps";
import { readLiveSetupToken } from "./read";

export type SetupLookup = { email: string; role: Role; expiresAt: string };

/** What the setup page shows before anything is decided. Reading never uses the token up. */
export async function lookup(deps: Pick<Deps, "db" | "clock">, token: string): Promise<SetupLookup> {
  const item = await readLiveSetupToken(deps, token);
  return { email: item.email, role: item.role, expiresAt: item.expiresAt };
}
