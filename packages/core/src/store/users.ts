import { z } from "zod";
import { ROLES, type Role } from "../actor";
import type { Db } from "./client";
import { decoder } from "./decode";
import { absent, and, equals, expr, increment, path, projection, update, type Expr, type UpdateSpec } from "./expression";
import { IndexKeys, Keys } from "./keys";
import { getItem } from "./read";
import { accessAttributes, gatherTenantAccess, TenantAccessSchema } from "./tenant-access";
import { Write, type GuardedWrite } from "./transact";

export const USER_STATUSES = ["INVITED", "ACTIVE", "DEACTIVATED"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

const Reference = z.object({ id: z.string(), email: z.string() });

/**
 * Where a person comes from: invited here (`local`), made at a first sign-in through the identity
 * provider (`sso`), or pushed by a SCIM directory (`scim`). People of the last two are managed by
 * the identity provider: with SSO enforced, their role and memberships change only there.
 */
export const USER_SOURCES = ["local", "sso", "scim"] as const;
export type UserSource = (typeof USER_SOURCES)[number];

/** What a profile and a name entry both hold of a user, as the API shows it (but `setupExpiresAt`). */
const PublicFieldsSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string().nullable(),
  role: z.enum(ROLES),
  status: z.enum(USER_STATUSES),
  isOwner: z.boolean(),
  mfaEnrolled: z.boolean(),
  createdAt: z.string(),
  invitedBy: Reference.nullable(),
  lastLoginAt: z.string().nullable(),
  /** Absent on people invited before sources were kept: they are all local. */
  source: z.enum(USER_SOURCES).default("local"),
});

const DirectoryGroupSchema = z.object({ displayName: z.string(), externalId: z.string().optional() });
export type DirectoryGroup = z.output<typeof DirectoryGroupSchema>;

/** The stored profile. Secrets never leave core: `toPublicUser` is the only way out. */
const UserItemSchema = PublicFieldsSchema.extend({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal("User"),
  /** Lowercase email and display name: what sign-in finds a profile by, and the team search's `q`. */
  emailLower: z.string(),
  nameLower: z.string().optional(),
  /** While INVITED; removed with the setup token once the user is set up. */
  setupExpiresAt: z.string().nullable().optional(),
  /** SHA-256 of the one live setup token, while INVITED. */
  setupTokenHash: z.string().optional(),
  passwordHash: z.string().optional(),
  /** The TOTP seed, sealed with AES-256-GCM and bound to the user id. */
  totpSecret: z.string().optional(),
  /** The last accepted TOTP step: a code at or before it is refused (no replay). */
  totpLastStep: z.number().optional(),
  /**
   * The generation of the user's sessions (absent = 0). A session is live only while it carries the
   * current one, so incrementing it ends every session in one write. A counter, not a timestamp:
   * a session opened in the same millisecond as a cut-off must not survive it.
   */
  sessionEpoch: z.number().optional(),
  /** The same for personal access tokens. */
  tokenEpoch: z.number().optional(),
  /**
   * How many tenant memberships of each kind the user holds, kept by the membership writes, so a
   * role change can refuse (as a transaction condition) to strand memberships the new role cannot hold.
   */
  operatorMemberships: z.number().optional(),
  clientMemberships: z.number().optional(),
  /** The tenants the user holds a membership in: their copies of the user's name are kept in step. */
  memberTenants: z.set(z.string()).optional(),
  /** The role and expiry of each membership counted in, stored as one attribute each (see tenant-access.ts). */
  tenantAccess: TenantAccessSchema,
  /**
   * Set when the identity provider deactivated the person (their groups mapped to no role): only
   * then may a later sign-in with mapped groups reactivate them. An admin's deactivation removes it.
   * `scim`: a directory deactivated them (`active: false`): only the directory's `active: true` lifts it.
   */
  deprovisionedBy: z.enum(["sso", "scim"]).optional(),
  /**
   * What a SCIM directory keeps of the person beside the email and display name: its own id for
   * them, and the name parts it sent (RFC 7643 §4.1), so a GET answers what was PUT.
   */
  externalId: z.string().optional(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
  /** The SCIM groups the person is in, by id, with what the SSO mapping matches of each; written with the group's member edge. */
  directoryGroups: z.record(z.string(), DirectoryGroupSchema).optional(),
  /** The groups the identity provider's ID token named at the person's last SSO sign-in: with their directory groups, what the mapping applies to. */
  ssoGroups: z.array(z.string()).optional(),
  /** The last change a directory made (SCIM's `meta.lastModified`); absent: none since creation. */
  directoryUpdatedAt: z.string().optional(),
  version: z.number(),
});
export type UserItem = z.output<typeof UserItemSchema>;
export const decodeUser = decoder("user", z.preprocess(gatherTenantAccess, UserItemSchema));

/** What anyone outside core sees of a user. */
export type User = {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  status: UserStatus;
  isOwner: boolean;
  mfaEnrolled: boolean;
  createdAt: string;
  invitedBy: { id: string; email: string } | null;
  lastLoginAt: string | null;
  setupExpiresAt: string | null;
  source: UserSource;
};

export function toPublicUser(item: UserItem): User {
  return {
    id: item.id,
    email: item.email,
    displayName: item.displayName ?? null,
    role: item.role,
    status: item.status,
    isOwner: item.isOwner === true,
    mfaEnrolled: item.mfaEnrolled === true,
    createdAt: item.createdAt,
    invitedBy: item.invitedBy ?? null,
    lastLoginAt: item.lastLoginAt ?? null,
    setupExpiresAt: item.status === "INVITED" ? (item.setupExpiresAt ?? null) : null,
    source: item.source,
  };
}

/** Emails are compared and claimed lowercase; the user keeps the spelling they were invited with. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export const readUser = (db: Db, userId: string) => getItem(db, Keys.user(userId), decodeUser);

/** The conditions user writes stand on, each named for the rule it holds. */
export const UserConditions = {
  exists: expr`attribute_exists(${path("pk")})`,
  active: equals("status", "ACTIVE"),
  invited: equals("status", "INVITED"),
  deactivated: equals("status", "DEACTIVATED"),
  owner: equals("isOwner", true),
  notOwner: equals("isOwner", false),
  enrolled: equals("mfaEnrolled", true),
  activeAdmin: and(equals("status", "ACTIVE"), equals("role", "SUPER_ADMIN"))!,
  roleIs: (role: Role) => equals("role", role),
  versionIs: (version: number) => equals("version", version),
  /**
   * One of the epochs (`sessionEpoch`, `tokenEpoch`) is still the value read: nothing cut the user's
   * sessions or tokens since. An epoch never moved on is absent (it reads as 0), so "still 0" is
   * "still absent".
   */
  epochUnchanged: (attribute: "sessionEpoch" | "tokenEpoch", epoch: number | undefined) => (epoch ? equals(attribute, epoch) : absent(attribute)),
  /** The user holds no membership of that kind (counted on the profile). */
  holdsNone: (counter: "operatorMemberships" | "clientMemberships") => expr`(${absent(counter)} OR ${path(counter)} = ${0})`,
};

/** The index entries of a user's status and role: moved by every write that changes either, so the team list's filters read only matches. */
export function teamIndex(user: Pick<UserItem, "createdAt" | "id" | "status" | "role">, next: Partial<Pick<UserItem, "status" | "role">>) {
  const keys = IndexKeys.team({ ...user, ...next });
  return { gsi2pk: keys.gsi2pk, gsi3pk: keys.gsi3pk, gsi4pk: keys.gsi4pk };
}

type Explain = (current: UserItem | undefined) => Error;

/**
 * The user's profile changed only if it is exactly the version that was read, and `condition`
 * holds; when not, `explain` receives the profile as it is now, so the caller hears the rule that
 * now fails (deactivated meanwhile, became the owner…) rather than a generic conflict.
 */
export function changeUser(db: Db, name: string, user: Pick<UserItem, "id" | "version">, change: UpdateSpec, condition: Expr | undefined, explain: Explain): GuardedWrite {
  return Write.update(db, name, Keys.user(user.id), update({ ...change, set: { ...change.set, version: increment() } }), {
    condition: and(UserConditions.versionIs(user.version), condition),
    returnCurrent: true,
    onConflict: (current) => explain(current ? decodeUser(current) : undefined),
  });
}

/**
 * Changes a profile whatever its version, when `condition` holds: for a change decided on the
 * fields the condition names alone (the caller's own sign-in, its password), not on the whole
 * profile. It moves `version` on only when `change` says so (`version: increment()`): a change an
 * admin decided before it must lose then, and only then.
 */
export const touchUser = (db: Db, name: string, userId: string, change: UpdateSpec, condition: Expr, onConflict: (current: UserItem | undefined) => Error): GuardedWrite =>
  Write.update(db, name, Keys.user(userId), update(change), {
    condition,
    returnCurrent: true,
    onConflict: (current) => onConflict(current ? decodeUser(current) : undefined),
  });

/** The writes that claim an email for a new user: the uniqueness guard that holds under concurrency. */
export const claimEmail = (db: Db, email: string, userId: string, onConflict: () => Error): GuardedWrite =>
  Write.put(db, "users.claimEmail", { ...Keys.email(normalizeEmail(email)), entity: "EmailClaim", userId }, { condition: absent(), onConflict });

export const releaseEmail = (db: Db, email: string, userId: string, onConflict: () => Error): GuardedWrite =>
  Write.delete(db, "users.releaseEmail", Keys.email(normalizeEmail(email)), { condition: equals("userId", userId), onConflict });

const EmailClaimSchema = z.object({ userId: z.string() });
export const decodeEmailClaim = decoder("email claim", EmailClaimSchema);

/** A new profile, with its index entries: the team list and its slices, and the search by email. */
export function putNewUser(db: Db, profile: UserItem): GuardedWrite {
  const { tenantAccess, ...attributes } = profile;
  const item = { ...attributes, ...accessAttributes(tenantAccess), ...IndexKeys.team(profile), ...IndexKeys.teamSearch(profile.emailLower, profile.id) };
  return Write.put(db, "users.create", item, { condition: absent() });
}

/** The acting person must still be an ACTIVE SUPER_ADMIN when the change commits, not only when it was asked. */
export const stillActiveAdmin = (db: Db, userId: string, onConflict: () => Error): GuardedWrite =>
  Write.check(db, "users.stillActiveAdmin", Keys.user(userId), { condition: UserConditions.activeAdmin, onConflict });

/** The caller's account is still active and enrolled, and `attribute`'s epoch still the one it authenticated with. */
export const stillSignedIn = (db: Db, user: Pick<UserItem, "id"> & { epoch: number | undefined }, attribute: "sessionEpoch" | "tokenEpoch", onConflict: () => Error) =>
  Write.check(db, "users.stillSignedIn", Keys.user(user.id), {
    condition: and(UserConditions.active, UserConditions.enrolled, UserConditions.epochUnchanged(attribute, user.epoch))!,
    onConflict,
  });

/**
 * The team search (`q`) matches a prefix of the email or of the display name. An item has one
 * entry per index, so the profile is indexed by its email and this second item, beside it, by the
 * name. It carries the public fields of the user so a search answers from the index alone (one
 * round trip); every write that changes a public field of a user who has a name (who completed
 * setup) changes the same field here, in the same transaction. A list reads both the same way:
 *
 * what the team list reads of a profile or a name entry: the public fields and nothing else. A
 * profile's secrets and bookkeeping (password hash, seed, epochs, counters, tenant access, index
 * keys) never leave the table for a list, and a page of 50 unmarshals a third of the attributes.
 */
const TEAM_ATTRIBUTES = ["id", "email", "displayName", "role", "status", "isOwner", "mfaEnrolled", "createdAt", "invitedBy", "lastLoginAt", "setupExpiresAt", "source"];
export const teamProjection = () => projection(...TEAM_ATTRIBUTES);

const TeamMemberSchema = PublicFieldsSchema.extend({ setupExpiresAt: z.string().nullable().optional() });
const decodeTeamMemberFields = decoder("team member", TeamMemberSchema);

/** A team list or search entry (a profile or a name entry, read with `teamProjection`), as the public user it stands for. */
export function decodeTeamMember(item: Record<string, unknown>): User {
  const { setupExpiresAt, ...fields } = decodeTeamMemberFields(item);
  return { ...fields, setupExpiresAt: fields.status === "INVITED" ? (setupExpiresAt ?? null) : null };
}

export const putNameEntry = (db: Db, user: User & { displayName: string }): GuardedWrite =>
  Write.put(db, "users.nameEntry", { ...Keys.userName(user.id), ...IndexKeys.teamSearch(user.displayName, user.id), entity: "UserNameEntry", ...user });

type PublicFields = Partial<Omit<User, "id" | "email" | "displayName">>;

/** For a user known to have completed setup (an active caller), whose profile was not read. */
export const nameEntryUpdate = (db: Db, userId: string, fields: PublicFields): GuardedWrite =>
  // No existence condition: an entry missing for some reason must not block an admin action; a
  // partial item written instead carries no index key and is never found.
  Write.update(db, "users.nameEntry", Keys.userName(userId), update({ set: fields }));

/** The public fields changed on the profile, changed here too. Nothing to do for a user without a name yet. */
export const updateNameEntry = (db: Db, user: Pick<UserItem, "id" | "displayName">, fields: PublicFields): GuardedWrite[] =>
  user.displayName ? [nameEntryUpdate(db, user.id, fields)] : [];

export const deleteNameEntry = (db: Db, userId: string): GuardedWrite => Write.delete(db, "users.nameEntry", Keys.userName(userId));

/** An invitee's setup completes: name, password and authenticator, only while INVITED with this very link. */
export const activateUser = (
  db: Db,
  user: Pick<UserItem, "id" | "createdAt" | "role">,
  setup: { tokenHash: string; displayName: string; passwordHash: string; sealedSeed: string; step: number },
  onConflict: () => Error,
): GuardedWrite =>
  Write.update(
    db,
    "users.activate",
    Keys.user(user.id),
    update({
      set: {
        displayName: setup.displayName,
        nameLower: setup.displayName.toLowerCase(),
        passwordHash: setup.passwordHash,
        totpSecret: setup.sealedSeed,
        totpLastStep: setup.step,
        mfaEnrolled: true,
        status: "ACTIVE",
        version: increment(),
        ...teamIndex({ ...user, status: "INVITED" }, { status: "ACTIVE" }),
      },
      remove: ["setupTokenHash", "setupExpiresAt"],
    }),
    { condition: and(UserConditions.invited, equals("setupTokenHash", setup.tokenHash)), onConflict },
  );

/** Removes the profile, only as read and never the owner's. */
export const deleteUser = (db: Db, user: Pick<UserItem, "id" | "version">, explain: Explain): GuardedWrite =>
  Write.delete(db, "users.delete", Keys.user(user.id), {
    condition: and(UserConditions.versionIs(user.version), UserConditions.notOwner),
    returnCurrent: true,
    onConflict: (current) => explain(current ? decodeUser(current) : undefined),
  });
