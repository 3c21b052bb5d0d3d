import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { accountable, inviterName, type Caller, type RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Key } from "../db/keys";
import { IndexKeys, Keys } from "../db/keys";
import { ConflictError, transact, Write, type GuardedWrite } from "../db/transact";
import type { Deps } from "../deps";
import { DomainError, ServiceError } from "../error";
import type { Principal } from "../session/authenticate";
import { issueSetupToken } from "../setup/setup-token";
import { TenantError, type TenantItem } from "../tenant/tenant";
import { invitedUserWrites, mailSetupLink } from "../user/invite";
import { normalizeEmail, toPublicUser, type User, type UserItem } from "../user/user";
import { requireManager, tenantAccess } from "./access";
import { unchangedSince } from "./grant";
import { isLive, MembershipError, toMembership, type Membership, type MembershipItem } from "./membership";

export type ClientRole = "CLIENT_ADMIN" | "CLIENT_VIEWER";

/**
 * `setupUrl` is the link only for a user this invitation created: the caller made that account.
 * For an existing user it is null, whoever asks (see `joinExisting`); `emailDelivery` is null when
 * no mail was sent (an existing user who has already set up).
 */
export type ClientInvitation = {
  user: User;
  membership: Membership;
  setupUrl: string | null;
  setupExpiresAt: string | null;
  emailDelivery: "sent" | "failed" | null;
};

const emailNotAClient = (email: string) =>
  new DomainError("user.email_taken", `${email} already belongs to a user who is not a client user: client memberships are for client users only.`);

type Invite = { deps: Deps; actor: Caller; tenant: TenantItem; email: string; role: ClientRole; now: Date; context: RequestContext };

/**
 * Invites a client user into a tenant (SUPER_ADMINs, and the tenant's CLIENT_ADMINs; other members
 * 403, non-members 404). A new email becomes a CLIENT_USER (INVITED) with the membership, its setup
 * link and both audit events in one transaction, then the link is mailed: three round trips. An
 * email that already belongs to a CLIENT_USER just gains the membership (four round trips: the
 * profile is read once the claim names it); any other user's email is 409 `user.email_taken`; a
 * live membership of this tenant is 409 `membership.exists`.
 */
export async function inviteClient(
  deps: Deps,
  principal: Principal,
  slug: string,
  input: { email: string; role: ClientRole },
  context: RequestContext,
): Promise<ClientInvitation> {
  const now = deps.clock.now();
  requireManager(tenantAccess(principal, now, "memberships:write"));
  const email = input.email.trim();
  const tenantKey = Keys.tenant(slug);
  const claimKey = Keys.email(normalizeEmail(email));
  const found = await readTogether(deps, [tenantKey, claimKey]);
  const tenant = found.find((item) => item.pk === tenantKey.pk) as TenantItem | undefined;
  const claim = found.find((item) => item.pk === claimKey.pk) as { userId: string } | undefined;
  if (!tenant) throw TenantError.notFound();
  const invite: Invite = { deps, actor: principal.actor, tenant, email, role: input.role, now, context };
  return claim ? joinExisting(invite, claim.userId) : createUser(invite);
}

/** Strongly consistent, and never a partial answer read as "absent". */
async function readTogether(deps: Pick<Deps, "db">, keys: Key[]): Promise<Record<string, unknown>[]> {
  const { Responses, UnprocessedKeys } = await deps.db.doc.send(
    new BatchGetCommand({ RequestItems: { [deps.db.table]: { Keys: keys, ConsistentRead: true } } }),
  );
  if (UnprocessedKeys?.[deps.db.table]?.Keys?.length) throw ServiceError.unavailable();
  return Responses?.[deps.db.table] ?? [];
}

function membershipItem({ actor, tenant, role, now }: Invite, user: Pick<UserItem, "id" | "email" | "displayName">): MembershipItem {
  return {
    ...Keys.membership(tenant.slug, user.id),
    ...IndexKeys.membership(tenant.slug, user.id, null),
    entity: "Membership",
    tenant: { slug: tenant.slug, name: tenant.name },
    tenantCreatedAt: tenant.createdAt,
    user: { id: user.id, email: user.email, displayName: user.displayName ?? null },
    role,
    expiresAt: null,
    grantedBy: accountable(actor),
    grantedAt: now.toISOString(),
  };
}

const granted = ({ deps, actor, tenant, role, context }: Invite, item: MembershipItem) =>
  Audit.write(deps, {
    type: "MEMBERSHIP_GRANTED",
    actor,
    target: { type: "membership", id: `${tenant.slug}/${item.user.id}`, email: item.user.email },
    tenant: tenant.slug,
    changes: { role: { before: null, after: role } },
    context,
  });

/**
 * The user, the membership and the setup token in one transaction: the profile is created with the
 * membership already counted (`clientMemberships`, `memberTenants`), as a grant would leave it.
 */
async function createUser(invite: Invite): Promise<ClientInvitation> {
  const { deps, actor, tenant, email, context } = invite;
  const { profile, setup, writes } = invitedUserWrites(deps, {
    email,
    role: "CLIENT_USER",
    isOwner: false,
    invitedBy: accountable(actor),
    memberships: { clientMemberships: 1, memberTenants: new Set([tenant.slug]) },
  });
  const item = membershipItem(invite, profile);
  writes.push(
    { write: Write.put(deps.db, item, { ConditionExpression: "attribute_not_exists(pk)" }), onConflict: ConflictError.concurrent },
    Audit.write(deps, {
      type: "USER_INVITED",
      actor,
      target: { type: "user", id: profile.id, email: profile.email },
      tenant: tenant.slug,
      changes: { role: { before: null, after: profile.role }, status: { before: null, after: "INVITED" } },
      context,
    }),
    granted(invite, item),
  );
  await transact(deps.db, writes);
  const emailDelivery = await mailSetupLink(deps, profile, setup, inviterName(actor));
  return {
    user: toPublicUser(profile),
    membership: toMembership(item),
    setupUrl: setup.setupUrl,
    setupExpiresAt: setup.expiresAt.toISOString(),
    emailDelivery,
  };
}

/**
 * An existing CLIENT_USER gains the membership. One that is still INVITED also gets a fresh setup
 * link, in the same transaction (the previous link stops working), mailed to them and never
 * returned: whoever holds the previous link (the admin of another tenant who created the account)
 * could otherwise finish the setup and walk into this tenant as them, and the caller here did not
 * create the account, so it gets no link either. A membership that has ended (expired, recorded or
 * not yet) is replaced by the new one.
 */
async function joinExisting(invite: Invite, userId: string): Promise<ClientInvitation> {
  const { deps, actor, tenant, now, context } = invite;
  const userKey = Keys.user(userId);
  const memberKey = Keys.membership(tenant.slug, userId);
  const found = await readTogether(deps, [userKey, memberKey]);
  const user = found.find((item) => item.pk === userKey.pk && item.sk === userKey.sk) as UserItem | undefined;
  const existing = found.find((item) => item.sk === memberKey.sk) as MembershipItem | undefined;
  // The claim is deleted with its user in one transaction: a removal happened since the claim was read.
  if (!user) throw ConflictError.concurrent();
  if (user.role !== "CLIENT_USER") throw emailNotAClient(user.email);
  // (Widened: `isLive` is a type guard, and its false branch would make `existing` never.)
  if (existing && isLive(existing as Pick<MembershipItem, "expiresAt">, now)) throw MembershipError.exists();

  // Ended but not yet recorded by the expiry job: the user's counters still hold it.
  const counted = !!existing && !existing.expiredAt;
  const setup = user.status === "INVITED" ? issueSetupToken(deps, user) : null;
  const item = membershipItem(invite, user);

  const set: string[] = [];
  const add = ["memberTenants :slug"];
  const names: Record<string, string> = { "#role": "role" };
  const values: Record<string, unknown> = { ":slug": new Set([tenant.slug]), ":client": "CLIENT_USER" };
  let condition = "attribute_exists(pk) AND #role = :client";
  if (!counted || setup) values[":one"] = 1;
  if (!counted) add.unshift("clientMemberships :one");
  if (setup) {
    set.push("setupTokenHash = :hash", "setupExpiresAt = :expires", "version = version + :one");
    Object.assign(values, { ":hash": setup.tokenHash, ":expires": setup.expiresAt.toISOString(), ":invited": "INVITED", ":version": user.version });
    names["#status"] = "status";
    condition += " AND #status = :invited AND version = :version";
  }
  const writes: GuardedWrite[] = [
    { write: Write.put(deps.db, item, existing ? unchangedSince(existing) : { ConditionExpression: "attribute_not_exists(pk)" }), onConflict: ConflictError.concurrent },
    {
      // One update of the profile: the membership's bookkeeping and, while INVITED, the new link's hash
      // (a transaction may touch an item once). A role change, a completed setup or a removal since the read loses.
      write: Write.update(deps.db, userKey, {
        UpdateExpression: `${set.length ? `SET ${set.join(", ")} ` : ""}ADD ${add.join(", ")}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
      onConflict: ConflictError.concurrent,
    },
    granted(invite, item),
  ];
  if (setup) {
    writes.push(setup.write);
    if (user.setupTokenHash) writes.push({ write: Write.delete(deps.db, Keys.setupToken(user.setupTokenHash)) });
    writes.push(
      Audit.write(deps, { type: "SETUP_LINK_REGENERATED", actor, target: { type: "user", id: user.id, email: user.email }, tenant: tenant.slug, context }),
    );
  }
  await transact(deps.db, writes);

  const emailDelivery = setup
    ? await mailSetupLink(deps, user, setup, inviterName(actor))
    : null;
  const setupExpiresAt = setup ? setup.expiresAt.toISOString() : null;
  return {
    user: toPublicUser(setup ? { ...user, setupExpiresAt } : user),
    membership: toMembership(item),
    setupUrl: null,
    setupExpiresAt,
    emailDelivery,
  };
}
