import { accountable, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { constantTimeEqual } from "../crypto/random";
import type { Deps } from "../deps";
import { RequestError } from "../error";
import * as ApiClient from "../api-client";
import { authorize, requirePerson, requireSession, stillAllowed, type Principal } from "../policy";
import { Keys } from "../store/keys";
import { putSsoConfig, readSsoConfigWithTenants, type SsoConfigItem } from "../store/sso";
import { sawEnforced } from "../store/sso-enforcement-seen";
import { transact } from "../store/transact";
import { checkMappings } from "./mappings";
import { configChanges } from "./changes";
import { discover } from "./discover";
import type { PutSsoInput } from "./schemas";
import { secretBinding, SsoError, toSsoConfig, type SsoConfig } from "./sso";

/**
 * Sets up or replaces the workspace's single sign-on. Before anything is written the provider is
 * checked (its discovery document fetched and its issuer compared), so a configuration that could
 * never sign anyone in is refused now rather than at the first sign-in. Three round trips in all:
 * authentication, the stored configuration with every tenant the mapping names (one BatchGet), and one transaction:
 * the configuration, conditioned on the version it was computed from (of concurrent changes one
 * lands, the others hear 409 `sso.changed`: none is lost silently), the check that the admin still
 * is one, and the SSO_CONFIGURED event. A PUT that changes nothing writes nothing.
 */
export async function configure(deps: Pick<Deps, "db" | "clock" | "settings" | "secretBox">, principal: Principal, input: PutSsoInput, context: RequestContext): Promise<SsoConfig> {
  const { actor } = principal;
  requirePerson(actor);
  authorize(principal, "sso:manage");
  // It decides who may sign in as whom: like the credentials a token may not mint, only from a session.
  requireSession(actor);
  const refused = ApiClient.urlRefusal(new URL(input.issuer), { allowLoopback: deps.settings.allowLoopbackFetch });
  if (refused) throw RequestError.invalid(refused, [{ path: "issuer", message: refused }]);

  const slugs = [...new Set(input.memberships.map((mapping) => mapping.tenant))];
  const { current, tenants } = await readSsoConfigWithTenants(deps.db, slugs);
  checkMappings(input, tenants);
  const secret = clientSecretOf(deps, input, current);
  const provider = await discover(deps.settings, { issuer: input.issuer, clientId: input.clientId, clientSecret: secret.plain });
  const authorizationOrigin = new URL(provider.serverMetadata().authorization_endpoint!).origin;

  const now = deps.clock.now().toISOString();
  const item: SsoConfigItem = {
    ...Keys.sso(),
    entity: "SsoConfig",
    issuer: input.issuer,
    clientId: input.clientId,
    ...(secret.sealed !== null && { sealedClientSecret: secret.sealed }),
    groupsClaim: input.groupsClaim,
    roles: input.roles,
    memberships: input.memberships,
    enforced: input.enforced,
    authorizationOrigin,
    version: (current?.version ?? 0) + 1,
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
    updatedBy: accountable(actor),
  };
  const changes = configChanges(current, item, secret.changed);
  if (current && Object.keys(changes).length === 0) return toSsoConfig(current, deps.settings.publicUrl);
  await transact(deps.db, [
    putSsoConfig(deps.db, item, current, SsoError.changed),
    ...stillAllowed(deps.db, actor),
    Audit.write(deps, { type: "SSO_CONFIGURED", actor, target: { type: "sso", id: "sso" }, changes, context }),
  ]);
  // Sign-in's guess of enforcement (see sso-enforcement-seen.ts): right at once in this process.
  sawEnforced(deps.db, item.enforced);
  return toSsoConfig(item, deps.settings.publicUrl);
}

type Secret = { plain: string | null; sealed: string | null; changed: boolean };

/**
 * The secret the new configuration keeps. Given: sealed anew (unless it is the stored one, re-sent).
 * `null`: none (a public client). Omitted: the stored one, but only for the same issuer and client
 * id: kept across a change of provider, it would be sent to a server it was never issued for.
 */
function clientSecretOf(deps: Pick<Deps, "secretBox">, input: PutSsoInput, current: SsoConfigItem | undefined): Secret {
  const sameClient = current !== undefined && current.issuer === input.issuer && current.clientId === input.clientId;
  const stored = sameClient && current.sealedClientSecret !== undefined ? deps.secretBox.open(current.sealedClientSecret, secretBinding(current.issuer, current.clientId)) : null;
  const hadSecret = current?.sealedClientSecret !== undefined;
  if (input.clientSecret === undefined) {
    if (!sameClient && hadSecret) throw SsoError.clientSecretRequired();
    return { plain: stored, sealed: sameClient ? (current.sealedClientSecret ?? null) : null, changed: false };
  }
  if (input.clientSecret === null) return { plain: null, sealed: null, changed: hadSecret };
  if (stored !== null && constantTimeEqual(stored, input.clientSecret)) return { plain: stored, sealed: current!.sealedClientSecret!, changed: false };
  return { plain: input.clientSecret, sealed: deps.secretBox.seal(input.clientSecret, secretBinding(input.issuer, input.clientId)), changed: true };
}
