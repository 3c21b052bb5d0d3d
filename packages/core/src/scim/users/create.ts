import type { DirectoryActor, RequestContext } from "../../actor";
import * as Audit from "../../audit";
import { newId } from "../../crypto/random";
import type { Deps } from "../../deps";
import { AuthError } from "../../error";
import { stillDirectory } from "../../store/scim-users";
import { transact, type GuardedWrite } from "../../store/transact";
import { newUserItem } from "../../store/new-user";
import { claimEmail, putNameEntry, putNewUser, toPublicUser, type UserItem } from "../../store/users";
import * as User from "../../user";
import { displayNameOf, PROVISIONED_ROLE, toScimPerson, type ScimPerson } from "../person";
import type { ScimUserInput } from "../schemas";

/**
 * A person pushed by the directory (RFC 7644 §3.3). They are made ACTIVE with no credentials at
 * all, as a first SSO sign-in makes them, not INVITED: there is no setup link to send, because
 * they never set a password here; they sign in through the identity provider, whose first sign-in
 * also enrolls them (`mfaEnrolled` stays false until then, and password sign-in always refuses
 * them: they have no password). Role CLIENT_USER without tenants. A taken email is 409
 * `uniqueness`: a directory never takes over an account it did not make (two concurrent POSTs of
 * one userName: the email claim lets exactly one commit). `active: false` makes them DEACTIVATED,
 * as the directory's own deactivation (its `active: true` lifts it).
 */
export async function create(deps: Pick<Deps, "db" | "clock">, actor: DirectoryActor, input: ScimUserInput, context: RequestContext): Promise<ScimPerson> {
  const id = newId("usr");
  const now = deps.clock.now().toISOString();
  const email = input.userName.trim();
  const displayName = displayNameOf({ givenName: input.name?.givenName || null, familyName: input.name?.familyName || null, displayName: input.displayName || null });
  const active = input.active ?? true;
  const profile: UserItem = {
    ...newUserItem({ id, email, displayName, role: PROVISIONED_ROLE, status: active ? "ACTIVE" : "DEACTIVATED", source: "scim", createdAt: now }),
    ...(!active && { deprovisionedBy: "scim" as const }),
    ...(input.externalId && { externalId: input.externalId }),
    ...(input.name?.givenName && { givenName: input.name.givenName }),
    ...(input.name?.familyName && { familyName: input.name.familyName }),
  };
  const writes: GuardedWrite[] = [stillDirectory(deps.db, actor.id, AuthError.unauthenticated), claimEmail(deps.db, email, id, () => User.UserError.emailTaken(email)), putNewUser(deps.db, profile)];
  if (displayName) writes.push(putNameEntry(deps.db, { ...toPublicUser(profile), displayName }));
  writes.push(
    Audit.write(deps, {
      type: "USER_PROVISIONED",
      actor,
      target: { type: "user", id, email },
      changes: { role: { before: null, after: PROVISIONED_ROLE }, status: { before: null, after: profile.status }, source: { before: null, after: "scim" } },
      context,
    }),
  );
  await transact(deps.db, writes);
  return toScimPerson(profile);
}
