import type { Deps } from "../deps";
import { authorize, type Principal } from "../policy";
import { readSsoConfig } from "../store/sso";
import { SsoError, toSsoConfig, type SsoConfig } from "./sso";

/** The configuration, for a SUPER_ADMIN or a VIEWER: one round trip after authentication. */
export async function get(deps: Pick<Deps, "db" | "settings">, principal: Principal): Promise<SsoConfig> {
  authorize(principal, "sso:read");
  const item = await readSsoConfig(deps.db);
  if (!item) throw SsoError.notConfigured();
  return toSsoConfig(item, deps.settings.publicUrl);
}
