import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { accountable, inviterName, type Caller, type RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Key } from "../db/keys";
import { IndexKeys, Keys } from "../db/keys";
import { ConflictError, transact, Write } from "../db/transact";
import type { Deps } from "../deps";
import { ServiceError } from "../error";
import { setupUrlFor } from "../policy";
import type { Principal } from "../session/authenticate";
import { TenantError, type TenantItem } from "../tenant/tenant";
import { invitedUserWrites, mailSetupLink } from "../user/invite";
import { normalizeEmail, toPublicUser, type User, type UserItem } from "../user/user";
import { requireManager, tenantAccess } from "./access";
import { unchangedSince } from "./grant";
import { isLive, MembershipError, toMembership, type Membership, type MembershipItem } from "./membership";

export type ClientRole = "CLIENT_ADMIN" | "CLIENT_VIEWER";

/**
 * For a user this invitation created: the whole user, and the setup link (the caller made that
 * account), except for an API client, which never holds a setup link. For an existing client user:
 * only their id and email, and no link, expiry or mail (see `joinExisting`).
 */
export type ClientInvitation = {
  user: User | { id: string; email: string };
  membership: Membership;
  setupUrl: string | null;
  setupExpiresAt: string | null;
  emailDelivery: "sent" | "failed" | null;
};

type Invite = {
  deps: Deps;
  actor: Caller;
  /** A tenant's own CLIENT_ADMIN, as opposed to a SUPER_ADMIN (or a client acting as one). */
  byClientAdmin: boolean;
  tenant: TenantItem;
  email: string;
  role: ClientRole;
  now: Date;
  context: RequestContext;
};

/**
 * Invites a client user into a tenant (SUPER_ADMINs, and the tenant's CLIENT_ADMINs; other members
 * 403, non-members 404). A new email becomes a CLIENT_USER (INVITED) with the membership, its setup
 * link and both audit events in one transaction, then the link is mailed: three round trips. An
 * email that already belongs to a client user just gains the membership (four round trips: the
 * profile is read once the claim names it); an email that may not be invited is 409
 * `membership.cannot_invite` (see `joinExisting`); a live membership of this tenant is 409
 * `membership.exists`.
 */
export async function inviteClient(
  deps: Deps,
  principal: Principal,
  slug: string,
  input: { email: string; role: ClientRole },
  context: RequestContext,
): Promise<ClientInvitation> {
  const now = deps.clock.now();
  const access = tenantAccess(principal, now, "memberships:write");
  requireManager(access);
  const email = input.email.trim();
  const tenantKey = Keys.tenant(slug);
  const claimKey = Keys.email(normalizeEmail(email));
  const found = await readTogether(deps, [tenantKey, claimKey]);
  const tenant = found.find((item) => item.pk === tenantKey.pk) as TenantItem | undefined;
  const claim = found.find((item) => item.pk === claimKey.pk) as { userId: string } | undefined;
  if (!tenant) throw TenantError.notFound();
  const invite: Invite = { deps, actor: principal.actor, byClientAdmin: access.as === "member", tenant, email, role: input.role, now, context };
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
    setupUrl: setupUrlFor(actor, setup.setupUrl),
    setupExpiresAt: setup.expiresAt.toISOString(),
    emailDelivery,
  };
}

/**
 * An existing CLIENT_USER gains the membership, and nothing else of theirs changes: no new setup
 * link (a pending one keeps working), no mail, and the answer names them only by id and email. The
 * caller did not create that account, so it learns nothing more of it (when they last signed in,
 * who invited them) and holds no way to set it up.
 *
 * A tenant's CLIENT_ADMIN may not invite an email that belongs to staff or to anyone else who is not
 * a client user, nor a client user still INVITED: whoever created that account (another tenant's
 * admin) holds its setup link and could finish the setup and walk into this tenant as them. Every
 * such email answers the same 409 `membership.cannot_invite`, so the answer says nothing about
 * who has it. A membership that has ended (expired, recorded or not yet) is replaced by the new one.
 */
async function joinExisting(invite: Invite, userId: string): Promise<ClientInvitation> {
  const { deps, tenant, now, byClientAdmin } = invite;
  const userKey = Keys.user(userId);
  const memberKey = Keys.membership(tenant.slug, userId);
  const found = await readTogether(deps, [userKey, memberKey]);
  const user = found.find((item) => item.pk === userKey.pk && item.sk === userKey.sk) as UserItem | undefined;
  const existing = found.find((item) => item.sk === memberKey.sk) as MembershipItem | undefined;
  // The claim is deleted with its user in one transaction: a removal happened since the claim was read.
  if (!user) throw ConflictError.concurrent();
  if (user.role !== "CLIENT_USER" || (byClientAdmin && user.status === "INVITED")) throw MembershipError.cannotInvite();
  // (Widened: `isLive` is a type guard, and its false branch would make `existing` never.)
  if (existing && isLive(existing as Pick<MembershipItem, "expiresAt">, now)) throw MembershipError.exists();
  // Ended but not yet recorded by the expiry job: the user's counters still hold it.
  const counted = !!existing && !existing.expiredAt;
  const item = membershipItem(invite, user);
  const values: Record<string, unknown> = { ":slug": new Set([tenant.slug]), ":client": "CLIENT_USER" };
  const names: Record<string, string> = { "#role": "role" };
  let condition = "attribute_exists(pk) AND #role = :client";
  if (byClientAdmin) {
    // Still set up when the membership lands: a setup completed meanwhile is fine, a fresh invitation is not.
    names["#status"] = "status";
    values[":invited"] = "INVITED";
    condition += " AND #status <> :invited";
  }
  if (!counted) values[":one"] = 1;
  await transact(deps.db, [
    { write: Write.put(deps.db, item, existing ? unchangedSince(existing) : { ConditionExpression: "attribute_not_exists(pk)" }), onConflict: ConflictError.concurrent },
    {
      // The membership's bookkeeping on the profile, and nothing else of it. A role change or a removal since the read loses.
      write: Write.update(deps.db, userKey, {
        UpdateExpression: `ADD ${counted ? "" : "clientMemberships :one, "}memberTenants :slug`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
      onConflict: MembershipError.cannotInvite,
    },
    granted(invite, item),
  ]);
  return { user: { id: user.id, email: user.email }, membership: toMembership(item), setupUrl: null, setupExpiresAt: null, emailDelivery: null };
}
