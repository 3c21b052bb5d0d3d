import * as Sso from "../store/sso-managed";
import { accountable, inviterName, type Caller, type RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { RequestError } from "../error";
import { setupUrlFor, type Principal } from "../policy";
import { and, expr, path } from "../store/expression";
import { Keys } from "../store/keys";
import { countMembership, decodeMembership, isLive, membershipItem, putMembership, type MembershipItem } from "../store/memberships";
import { batchGet } from "../store/read";
import { decodeTenant, type TenantItem } from "../store/tenants";
import { transact } from "../store/transact";
import { decodeEmailClaim, decodeUser, normalizeEmail, toPublicUser, type User, type UserItem } from "../store/users";
import * as Tenant from "../tenant";
import * as UserArea from "../user";
import { authorizeManager } from "./manage";
import { MembershipError, toMembership, type Membership } from "./membership";

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
  /** A tenant's own CLIENT_ADMIN, as opposed to whoever reaches every tenant (a SUPER_ADMIN, a client acting as one). */
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
export async function inviteClient(deps: Deps, principal: Principal, slug: string, input: { email: string; role: ClientRole }, context: RequestContext): Promise<ClientInvitation> {
  const now = deps.clock.now();
  const access = authorizeManager(principal, slug, now);
  const email = input.email.trim();
  const claimKey = Keys.email(normalizeEmail(email));
  const found = await batchGet(deps.db, [Keys.tenant(slug), claimKey]);
  const tenant = found.get(Keys.tenant(slug), decodeTenant);
  const claim = found.get(claimKey, decodeEmailClaim);
  if (!tenant) throw Tenant.TenantError.notFound();
  const invite: Invite = { deps, actor: principal.actor, byClientAdmin: access.as === "member", tenant, email, role: input.role, now, context };
  return claim ? joinExisting(invite, claim.userId) : createUser(invite);
}

function newMembership({ actor, tenant, role, now }: Invite, user: Pick<UserItem, "id" | "email" | "displayName">): MembershipItem {
  return membershipItem({
    tenant: { slug: tenant.slug, name: tenant.name },
    tenantCreatedAt: tenant.createdAt,
    user: { id: user.id, email: user.email, displayName: user.displayName ?? null },
    role,
    expiresAt: null,
    grantedBy: accountable(actor),
    grantedAt: now.toISOString(),
  });
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
  const { profile, setup, writes } = UserArea.invitedUserWrites(deps, {
    email,
    role: "CLIENT_USER",
    isOwner: false,
    invitedBy: accountable(actor),
    memberships: { clientMemberships: 1, memberTenants: new Set([tenant.slug]), tenantAccess: { [tenant.slug]: { role: invite.role, expiresAt: null } } },
  });
  const item = newMembership(invite, profile);
  writes.push(
    putMembership(deps.db, item, undefined, RequestError.conflict),
    Audit.write(deps, {
      type: "USER_INVITED",
      actor,
      target: { type: "user", id: profile.id, email: profile.email },
      tenant: tenant.slug,
      changes: { role: { before: null, after: profile.role }, status: { before: null, after: "INVITED" } },
      context,
    }),
    granted(invite, item),
    // Enforced SSO: new people and their access come from the identity provider.
    Sso.ssoNotEnforced(deps.db),
  );
  await transact(deps.db, writes);
  const emailDelivery = await UserArea.mailSetupLink(deps, profile, setup, inviterName(actor), { tenant: tenant.name, tenantRole: invite.role });
  return { user: toPublicUser(profile), membership: toMembership(item), setupUrl: setupUrlFor(actor, setup.setupUrl), setupExpiresAt: setup.expiresAt.toISOString(), emailDelivery };
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
  const memberKey = Keys.membership(tenant.slug, userId);
  const found = await batchGet(deps.db, [Keys.user(userId), memberKey]);
  const user = found.get(Keys.user(userId), decodeUser);
  const existing = found.get(memberKey, decodeMembership);
  // The claim is deleted with its user in one transaction: a removal happened since the claim was read.
  if (!user) throw RequestError.conflict();
  if (user.role !== "CLIENT_USER" || (byClientAdmin && user.status === "INVITED")) throw MembershipError.cannotInvite();
  if (isLive(existing, now)) throw MembershipError.exists();
  // Ended but not yet recorded by the expiry job: the user's counters still hold it.
  const counted = existing && !existing.expiredAt ? existing.role : null;
  const item = newMembership(invite, user);
  await transact(deps.db, [
    putMembership(deps.db, item, existing, RequestError.conflict),
    // The membership's bookkeeping on the profile, and nothing else of it. A role change or a removal
    // since the read loses; for a client admin, so does a fresh invitation (a setup completed meanwhile is fine).
    countMembership(
      deps.db,
      user.id,
      { slug: tenant.slug, from: counted, to: invite.role, expiresAt: item.expiresAt, role: "CLIENT_USER", also: and(byClientAdmin && expr`${path("status")} <> ${"INVITED"}`) },
      MembershipError.cannotInvite,
    ),
    granted(invite, item),
    Sso.ssoNotEnforced(deps.db),
  ]);
  return { user: { id: user.id, email: user.email }, membership: toMembership(item), setupUrl: null, setupExpiresAt: null, emailDelivery: null };
}
