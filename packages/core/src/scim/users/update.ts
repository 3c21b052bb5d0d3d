import type { DirectoryActor, RequestContext } from "../../actor";
import * as Audit from "../../audit";
import type { Deps } from "../../deps";
import { decidedAgain } from "../../decided-again";
import { AuthError } from "../../error";
import { mergeUpdates, type UpdateSpec } from "../../store/expression";
import { renameMemberCopy, stillDirectory } from "../../store/scim-users";
import { transact, type GuardedWrite } from "../../store/transact";
import { IndexKeys } from "../../store/keys";
import { claimEmail, deleteNameEntry, nameEntryUpdate, normalizeEmail, putNameEntry, releaseEmail, toPublicUser, type UserItem } from "../../store/users";
import * as User from "../../user";
import { ScimError } from "../errors";
import { displayNameOf, toScimPerson, type ScimAttributes, type ScimPerson } from "../person";
import { refuseUnmanaged } from "./managed";

type Profile = Pick<UserItem, "email" | "displayName" | "givenName" | "familyName" | "externalId">;
const PROFILE_FIELDS = ["email", "displayName", "givenName", "familyName", "externalId"] as const;

/**
 * PUT and PATCH: `edit` turns the person's attributes as they are into the ones wanted, and the
 * difference is written in one transaction conditioned on the version read. Nothing differs:
 * nothing is written (a directory re-sending what it sent, or matching a person Roster invited).
 *
 * - `active: false` on an ACTIVE person is the admin's deactivation, the very same writes
 *   (`deactivation`): every session, personal access token and USER client dies. Recorded as
 *   USER_DEPROVISIONED. Marked as the directory's, so that only its `active: true` lifts it.
 * - `active: true` reactivates a person the directory deactivated (USER_REACTIVATED). A person an
 *   admin (or the identity provider) deactivated stays so: Roster's decision stands over the
 *   directory's, and the answer says `active: false`.
 * - `userName` is the email: a change moves the email claim (a taken one is 409 `uniqueness`), and
 *   the person signs in with the new one from then on.
 * - Email, name, display name and externalId changes are USER_PROFILE_CHANGED.
 */
export async function update(
  deps: Pick<Deps, "db" | "clock">,
  actor: DirectoryActor,
  userId: string,
  edit: (current: ScimAttributes) => ScimAttributes,
  context: RequestContext,
): Promise<ScimPerson> {
  return decidedAgain(() => updateOnce(deps, actor, userId, edit, context), ["user.changed"]);
}

async function updateOnce(
  deps: Pick<Deps, "db" | "clock">,
  actor: DirectoryActor,
  userId: string,
  edit: (current: ScimAttributes) => ScimAttributes,
  context: RequestContext,
): Promise<ScimPerson> {
  const target = await User.readTarget(deps, userId);
  const wanted = edit(toScimPerson(target));
  const email = wanted.userName.trim();
  if (!User.EmailSchema.safeParse(email).success) throw ScimError.invalidValue("userName must be an email address.");
  const emailLower = normalizeEmail(email);

  const profile: Profile = {
    email,
    displayName: displayNameOf(wanted),
    givenName: wanted.givenName ?? undefined,
    familyName: wanted.familyName ?? undefined,
    externalId: wanted.externalId ?? undefined,
  };
  const changed = PROFILE_FIELDS.filter((field) => (profile[field] ?? null) !== (target[field] ?? null));
  const cutsOff = !wanted.active && target.status === "ACTIVE";
  const restores = wanted.active && target.status === "DEACTIVATED" && target.deprovisionedBy === "scim";
  if (changed.length === 0 && !cutsOff && !restores) return toScimPerson(target);
  refuseUnmanaged(target, { cutsOff });

  const now = deps.clock.now().toISOString();
  let spec: UpdateSpec = { set: { directoryUpdatedAt: now }, remove: [] };
  for (const field of changed) {
    const value = profile[field];
    // A profile always has a displayName, null when there is none; the directory's other attributes are absent when cleared.
    if (field === "displayName") spec.set![field] = value ?? null;
    else if (value === undefined || value === null) spec.remove!.push(field);
    else spec.set![field] = value;
  }
  const writes: GuardedWrite[] = [stillDirectory(deps.db, actor.id, AuthError.unauthenticated)];
  if (emailLower !== target.emailLower) {
    // A new email is claimed as an invitation claims one (a taken one is 409 uniqueness), the old one freed, in this transaction.
    spec.set!.emailLower = emailLower;
    spec.set!.gsi5sk = IndexKeys.teamSearch(emailLower, target.id).gsi5sk;
    writes.push(releaseEmail(deps.db, target.email, target.id, User.UserError.changed), claimEmail(deps.db, email, target.id, () => User.UserError.emailTaken(email)));
  }
  if (changed.includes("displayName")) {
    if (profile.displayName) spec.set!.nameLower = profile.displayName.toLowerCase();
    else spec.remove!.push("nameLower");
  }
  const audit = (type: "USER_DEPROVISIONED" | "USER_REACTIVATED", before: "ACTIVE" | "DEACTIVATED", after: "ACTIVE" | "DEACTIVATED") =>
    Audit.write(deps, { type, actor, target: { type: "user", id: target.id, email: target.email }, changes: { status: { before, after } }, context });
  let status = target.status;
  if (cutsOff) {
    const cut = User.deactivation(deps, target);
    // One change of the profile: a transaction touches an item once, so the cut-off's writes join the directory's.
    spec = mergeUpdates(spec, cut.change);
    spec.set!.deprovisionedBy = "scim";
    writes.push(...cut.writes, audit("USER_DEPROVISIONED", "ACTIVE", "DEACTIVATED"));
    status = cut.fields.status;
  } else if (restores) {
    const back = User.reactivation(deps, target);
    spec = mergeUpdates(spec, back.change);
    spec.remove!.push("deprovisionedBy");
    writes.push(...back.writes, audit("USER_REACTIVATED", "DEACTIVATED", "ACTIVE"));
    status = back.fields.status;
  }
  if (changed.length > 0) {
    const changes = Object.fromEntries(changed.map((field) => [field, { before: target[field] ?? null, after: profile[field] ?? null }]));
    writes.push(Audit.write(deps, { type: "USER_PROFILE_CHANGED", actor, target: { type: "user", id: target.id, email: target.email }, changes, context }));
  }

  const after: UserItem = { ...target, ...profile, emailLower, status, directoryUpdatedAt: now, version: target.version + 1 };
  for (const field of PROFILE_FIELDS) if (after[field] === undefined) delete after[field];
  if (after.displayName === undefined) after.displayName = null;
  writes.push(
    // Changed since it was read (a sign-in, an admin): `user.changed`, and the edit is decided again on the new state.
    User.updateTarget(deps, "scim.updateUser", target, spec, undefined, () => undefined),
    ...nameEntryWrites(deps, target, after),
  );
  // The tenants' member lists show the name and email too. A membership revoked meanwhile fails the transaction: decided again.
  if (changed.includes("displayName") || changed.includes("email")) {
    for (const slug of target.memberTenants ?? []) writes.push(renameMemberCopy(deps.db, slug, target.id, { email: after.email, displayName: after.displayName }, User.UserError.changed));
  }
  await transact(deps.db, writes);
  return toScimPerson(after);
}

/**
 * The team search's name entry follows the profile: put anew when the name changed (its index key
 * is the name; it copies the email), deleted when the name went, its status changed otherwise.
 */
function nameEntryWrites(deps: Pick<Deps, "db">, before: UserItem, after: UserItem): GuardedWrite[] {
  if (after.displayName !== before.displayName || after.email !== before.email) {
    if (after.displayName) return [putNameEntry(deps.db, { ...toPublicUser(after), displayName: after.displayName })];
    return before.displayName ? [deleteNameEntry(deps.db, before.id)] : [];
  }
  if (after.status !== before.status && before.displayName) return [nameEntryUpdate(deps.db, before.id, { status: after.status })];
  return [];
}
