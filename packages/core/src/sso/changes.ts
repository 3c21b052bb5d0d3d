import type { Change } from "../audit";
import type { SsoConfigItem } from "../store/sso";

const FIELDS = ["issuer", "clientId", "groupsClaim", "roles", "memberships", "enforced", "authorizationOrigin"] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The SSO_CONFIGURED changes: each field that differs, before and after (before null on a first
 * configuration). The secret itself is never recorded: `clientSecretChanged` is there when it was
 * set, replaced or cleared, and says whether one was kept before and is kept after.
 */
export function configChanges(before: SsoConfigItem | undefined, after: SsoConfigItem, secretChanged: boolean): Record<string, Change> {
  const changes: Record<string, Change> = {};
  for (const field of FIELDS) {
    if (!before || !same(before[field], after[field])) changes[field] = { before: before?.[field] ?? null, after: after[field] };
  }
  if (secretChanged) changes.clientSecretChanged = { before: before?.sealedClientSecret !== undefined, after: after.sealedClientSecret !== undefined };
  return changes;
}
