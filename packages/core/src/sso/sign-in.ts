import { Actor, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { newId } from "../crypto/random";
import type { Deps } from "../deps";
import { decidedAgain, raced } from "../decided-again";
import * as Session from "../session";
import * as User from "../user";
import type { UpdateSpec } from "../store/expression";
import { Keys } from "../store/keys";
import { kindOf } from "../store/memberships";
import { getItem } from "../store/read";
import type { SsoConfigItem } from "../store/sso";
import { MAX_TRANSACTION_WRITES, transact, type GuardedWrite } from "../store/transact";
import {
  changeUser,
  claimEmail,
  decodeEmailClaim,
  normalizeEmail,
  putNewUser,
  readUser,
  toPublicUser,
  updateNameEntry,
  type UserItem,
} from "../store/users";
import { newUserItem } from "../store/new-user";
import { joinActiveAdmins } from "../store/workspace";
import { mappedAccess, type MappedAccess } from "./access";
import { accessChange, Derivers, grantsOf, groupNamesOf, membershipWrites, readAccessItems, type Found } from "./derive";
import { SsoError } from "./sso";

/** What the provider vouched for: a verified email and the groups its ID token names. */
export type VerifiedPerson = { email: string; groups: string[] };
export type SsoSignedIn = Session.ConsoleCookie & { user: User.User };

/**
 * The person the provider vouched for, made to match their groups and signed in (a console
 * session, as the password sign-in opens): created at a first sign-in (JIT), and at every later
 * one their role, status and memberships re-derived from the groups, so nothing drifts. Each
 * attempt is reads, then one transaction conditioned on the profile's version: all of a sign-in's
 * changes, their audit events (actor sso) and the session land together or not at all, and a
 * concurrent change (an admin's deactivation) makes it start over on the new state rather than
 * overwrite it.
 */
export async function signInPerson(deps: Deps, config: SsoConfigItem, person: VerifiedPerson, context: RequestContext): Promise<SsoSignedIn> {
  return decidedAgain(() => signInOnce(deps, config, person, context));
}

async function signInOnce(deps: Deps, config: SsoConfigItem, person: VerifiedPerson, context: RequestContext): Promise<SsoSignedIn> {
  const claim = await getItem(deps.db, Keys.email(normalizeEmail(person.email)), decodeEmailClaim);
  const user = claim ? await readUser(deps.db, claim.userId) : undefined;
  // A claim without a profile is a removal under way: the email is not free yet.
  if (claim && !user) throw raced();
  // The token's groups and the directory's: a group the directory put the person in counts at a sign-in too.
  const access = mappedAccess(config, user ? groupNamesOf(user, person.groups) : person.groups);
  const found = await readAccessItems(deps, user, access);
  const plan = user ? planExisting(deps, config, user, person, access, found, context) : planNew(deps, config, person, access, found, context);
  if (plan.refuse) {
    if (plan.writes.length > 0) await commit(deps, plan.writes);
    throw plan.refuse;
  }
  const session = await Session.consoleSession(deps, plan.profile);
  await commit(deps, [
    ...plan.writes,
    session.write,
    Audit.write(deps, { type: "SSO_LOGIN", actor: Actor.sso(config.issuer), target: { type: "session", id: session.sessionId }, context }),
  ]);
  return { ...session.credentials, user: toPublicUser(plan.profile) };
}

async function commit(deps: Pick<Deps, "db">, writes: GuardedWrite[]) {
  // A person holds a few memberships; the mapping names at most 100. Past one transaction the
  // all-or-nothing of a sign-in would be lost, so it is refused instead of split.
  if (writes.length > MAX_TRANSACTION_WRITES) throw new Error(`An SSO sign-in would write ${writes.length} items, over one transaction's ${MAX_TRANSACTION_WRITES}.`);
  await transact(deps.db, writes);
}

/** What a sign-in writes, and either the person it signs in or why it refuses (after writing what it must, e.g. a deprovisioning). */
type Plan = { writes: GuardedWrite[] } & ({ profile: UserItem; refuse?: undefined } | { profile?: undefined; refuse: Error });
const refused = (refuse: Error, writes: GuardedWrite[] = []): Plan => ({ writes, refuse });

/** A first sign-in: the person is made ACTIVE with the mapped role and memberships (no password, no authenticator: the provider is their sign-in). */
function planNew(deps: Deps, config: SsoConfigItem, person: VerifiedPerson, access: MappedAccess, found: Found, context: RequestContext): Plan {
  const actor = Actor.sso(config.issuer);
  if (!access.role) return refused(SsoError.noAccess());
  const id = newId("usr");
  const now = deps.clock.now().toISOString();
  const email = person.email.trim();
  const grants = grantsOf(access, found);
  const base = newUserItem({
    id,
    email,
    role: access.role,
    status: "ACTIVE",
    source: "sso",
    createdAt: now,
    // The second factor is the provider's: Roster's sign-in gate ("active and enrolled") admits them,
    // and password sign-in never does (they have no password).
    mfaEnrolled: true,
    lastLoginAt: now,
    tenantAccess: Object.fromEntries(grants),
  });
  const kinds = [...grants.values()].map((grant) => kindOf(grant.role));
  const profile: UserItem = {
    ...base,
    operatorMemberships: kinds.filter((kind) => kind === "operator").length,
    clientMemberships: kinds.filter((kind) => kind === "client").length,
    ...(grants.size > 0 && { memberTenants: new Set(grants.keys()) }),
    ssoGroups: person.groups,
  };
  const writes: GuardedWrite[] = [
    claimEmail(deps.db, email, id, raced),
    putNewUser(deps.db, profile),
    Audit.write(deps, {
      type: "USER_PROVISIONED",
      actor,
      target: { type: "user", id, email },
      changes: { role: { before: null, after: access.role }, status: { before: null, after: "ACTIVE" }, source: { before: null, after: "sso" } },
      context,
    }),
  ];
  if (access.role === "SUPER_ADMIN") writes.push(joinActiveAdmins(deps.db));
  writes.push(...membershipWrites(deps, derivedBy(config), profile, grants, found, context));
  return { profile, writes };
}

/**
 * A later sign-in. The owner simply signs in: SSO never demotes or deactivates them. An admin's
 * deactivation stands (only a deactivation SSO made is undone by groups that map again). No mapped
 * role: deactivated with every session and token cut, as an admin's deactivation does, and refused.
 */
function planExisting(deps: Deps, config: SsoConfigItem, user: UserItem, person: VerifiedPerson, access: MappedAccess, found: Found, context: RequestContext): Plan {
  const actor = Actor.sso(config.issuer);
  const now = deps.clock.now().toISOString();
  const target = { type: "user" as const, id: user.id, email: user.email };
  const signedIn = (spec: UpdateSpec, profile: UserItem, writes: GuardedWrite[] = []): Plan => ({
    profile,
    writes: [changeUser(deps.db, "sso.signIn", user, spec, undefined, raced), ...updateNameEntry(deps.db, user, publicChanges(user, profile)), ...writes],
  });

  if (user.status === "INVITED") return refused(SsoError.noAccess());
  if (user.isOwner) {
    if (user.status !== "ACTIVE") return refused(SsoError.noAccess());
    return signedIn({ set: { lastLoginAt: now } }, { ...user, lastLoginAt: now });
  }
  if (!access.role) {
    if (user.status !== "ACTIVE") return refused(SsoError.noAccess());
    // The same cut-off as an admin's deactivation; marked as SSO's, which only SSO may undo.
    const cut = User.deactivation(deps, user);
    const writes: GuardedWrite[] = [
      changeUser(deps.db, "sso.deprovision", user, { ...cut.change, set: { ...cut.change.set, deprovisionedBy: "sso", ssoGroups: person.groups } }, undefined, raced),
      ...updateNameEntry(deps.db, user, cut.fields),
      // With the last active SUPER_ADMIN (the owner always is one, so a race at most) nothing is cut, and the sign-in is refused.
      ...cut.writes,
      Audit.write(deps, { type: "USER_DEPROVISIONED", actor, target, changes: { status: { before: "ACTIVE", after: "DEACTIVATED" } }, context }),
    ];
    return refused(SsoError.noAccess(), writes);
  }
  if (user.status === "DEACTIVATED" && user.deprovisionedBy !== "sso") return refused(SsoError.noAccess());
  // A local person whose authenticator an admin reset has that to do first: Roster's gate would refuse the session.
  if (user.source === "local" && !user.mfaEnrolled) return refused(SsoError.noAccess());

  const grants = grantsOf(access, found);
  const reactivating = user.status === "DEACTIVATED";
  const change = accessChange(deps, derivedBy(config), user, { role: access.role, grants, status: "ACTIVE" }, found, context);
  const profile: UserItem = { ...user, ...change.profile, status: "ACTIVE", lastLoginAt: now, mfaEnrolled: true, ssoGroups: person.groups };
  delete profile.deprovisionedBy;
  const spec: UpdateSpec = {
    set: { ...change.spec.set, status: "ACTIVE", lastLoginAt: now, mfaEnrolled: true, ssoGroups: person.groups },
    remove: [...(change.spec.remove ?? []), ...(reactivating ? ["deprovisionedBy"] : [])],
  };
  const writes: GuardedWrite[] = [];
  if (reactivating) writes.push(Audit.write(deps, { type: "USER_REACTIVATED", actor, target, changes: { status: { before: "DEACTIVATED", after: "ACTIVE" } }, context }));
  writes.push(...change.writes);
  return signedIn(spec, profile, writes);
}

/** The identity provider, deriving access: it never takes the last active SUPER_ADMIN's role away (the owner is one), so that refuses the sign-in. */
const derivedBy = (config: SsoConfigItem) => Derivers.sso(config.issuer, SsoError.noAccess);

/** The public fields a sign-in changed, for the person's name entry. */
function publicChanges(before: UserItem, after: UserItem): Partial<Pick<User.User, "role" | "status" | "lastLoginAt">> {
  return {
    lastLoginAt: after.lastLoginAt,
    ...(before.role !== after.role && { role: after.role }),
    ...(before.status !== after.status && { status: after.status }),
  };
}
