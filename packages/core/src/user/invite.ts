import { accountable, inviterName, type Caller, type RequestContext, type Role } from "../actor";
import * as Audit from "../audit";
import { newId } from "../crypto/random";
import type { Deps } from "../deps";
import { describeError } from "../log";
import { invitationMail, type InvitedTo } from "../mail/templates";
import { authorize, refuseClientGranting, setupUrlFor, type Principal } from "../policy";
import * as Setup from "../setup";
import { transact, type GuardedWrite } from "../store/transact";
import { newUserItem } from "../store/new-user";
import { claimEmail, putNewUser, toPublicUser, type User, type UserItem } from "../store/users";
import { UserError } from "./errors";
import * as Sso from "../store/sso-managed";

/** `setupUrl` is null when an API client invited: the link then goes only by mail (see `setupUrlFor`). */
export type Invitation = { user: User; setupUrl: string | null; setupExpiresAt: string; emailDelivery: "sent" | "failed" };

/**
 * The writes that create an INVITED user: the email claim (the uniqueness guard that holds under
 * concurrency), the profile, and the setup token. Shared by admin invites, the owner bootstrap and
 * client invitations (which create the user with its first membership already counted: `memberships`).
 */
export function invitedUserWrites(
  deps: Pick<Deps, "db" | "clock" | "settings">,
  input: {
    email: string;
    role: Role;
    isOwner: boolean;
    invitedBy: { id: string; email: string } | null;
    memberships?: Pick<UserItem, "clientMemberships" | "memberTenants" | "tenantAccess">;
  },
) {
  const email = input.email.trim();
  const id = newId("usr");
  const createdAt = deps.clock.now().toISOString();
  const base: UserItem = {
    ...newUserItem({ id, email, role: input.role, status: "INVITED", source: "local", createdAt, isOwner: input.isOwner, invitedBy: input.invitedBy }),
    ...input.memberships,
  };
  const setup = Setup.issueSetupToken(deps, base);
  const profile: UserItem = { ...base, setupTokenHash: setup.tokenHash, setupExpiresAt: setup.expiresAt.toISOString() };
  const writes: GuardedWrite[] = [
    claimEmail(deps.db, email, id, () => UserError.emailTaken(email)),
    putNewUser(deps.db, profile),
    setup.write,
  ];
  return { profile, setup, writes };
}

/** Mail is sent after the commit: a refused mail never undoes an invitation, the admin still gets the link. */
export async function mailSetupLink(
  deps: Pick<Deps, "mailer" | "log">,
  user: { email: string; role: Role },
  setup: { setupUrl: string; expiresAt: Date },
  invitedBy: string | null,
  invitedTo: InvitedTo = { role: user.role },
): Promise<"sent" | "failed"> {
  try {
    await deps.mailer.send(invitationMail({ to: user.email, invitedTo, invitedBy, setupUrl: setup.setupUrl, expiresAt: setup.expiresAt }));
    return "sent";
  } catch (error) {
    deps.log.warn("setup mail not delivered", describeError(error));
    return "failed";
  }
}

export async function invite(deps: Deps, principal: Principal, input: { email: string; role: Role }, context: RequestContext): Promise<Invitation> {
  authorize(principal, "users:write");
  const actor: Caller = principal.actor;
  refuseClientGranting(actor, input.role);
  const { profile, setup, writes } = invitedUserWrites(deps, { ...input, isOwner: false, invitedBy: accountable(actor) });
  writes.push(
    Audit.write(deps, {
      type: "USER_INVITED",
      actor,
      target: { type: "user", id: profile.id, email: profile.email },
      changes: { role: { before: null, after: profile.role }, status: { before: null, after: "INVITED" } },
      context,
    }),
    // Enforced SSO: new people come from the identity provider.
    Sso.ssoNotEnforced(deps.db),
  );
  await transact(deps.db, writes);
  const emailDelivery = await mailSetupLink(deps, profile, setup, inviterName(actor));
  return { user: toPublicUser(profile), setupUrl: setupUrlFor(actor, setup.setupUrl), setupExpiresAt: setup.expiresAt.toISOString(), emailDelivery };
}
