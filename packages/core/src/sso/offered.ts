import type { Deps } from "../deps";
import { readSsoConfig } from "../store/sso";
import { sawEnforced } from "../store/sso-enforcement-seen";

/**
 * What the sign-in page needs to offer single sign-on, or null when there is none: one read, for
 * anyone (nothing of the configuration is answered). `formTargets` are the origins its Sign in with
 * SSO form ends up at through /v1/sso/start's redirect, which the page's CSP `form-action` must
 * allow or the browser stops the redirect: the provider's authorization endpoint.
 */
export async function offered(deps: Pick<Deps, "db">): Promise<{ formTargets: string[] } | null> {
  const config = await readSsoConfig(deps.db);
  // The page usually comes just before a password sign-in: its guess of enforcement is then right.
  sawEnforced(deps.db, config?.enforced ?? false);
  if (!config) return null;
  return { formTargets: [config.authorizationOrigin] };
}
