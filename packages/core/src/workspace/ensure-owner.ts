import { Actor, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { newId } from "../crypto/random";
import type { Deps } from "../deps";
import { error } from "../error";
import { transact } from "../store/transact";
import { readUser } from "../store/users";
import { claimOwnership, readOwner } from "../store/workspace";
import * as User from "../user";

export type OwnerState =
  | { state: "created"; email: string; setupUrl: string; setupExpiresAt: string }
  | { state: "link_renewed"; email: string; setupUrl: string; setupExpiresAt: string }
  | { state: "active"; email: string };

export const WorkspaceError = {
  ownerExists: error("workspace.owner_exists", "The workspace already has an owner."),
};

const SYSTEM = Actor.system("bootstrap");
/** Each bootstrap run is a request of its own: its events share an id no other request has. */
const bootstrapContext = (): RequestContext => ({ requestId: newId("run"), clientRequestId: null, ip: null, userAgent: null });

/**
 * Makes sure the workspace has its owner. On an empty table it invites `email` as the owner
 * (SUPER_ADMIN); while the owner has not completed setup, each call issues a fresh link and kills
 * the previous one; once the owner is active it does nothing. The OWNER item is the guard: two
 * runtimes starting at once cannot create two owners.
 */
export async function ensureOwner(deps: Deps, email: string): Promise<OwnerState> {
  const owner = await readOwner(deps.db);
  if (!owner) return createOwner(deps, email);
  const user = await readUser(deps.db, owner.userId);
  if (!user) throw new Error("The workspace names an owner whose profile is missing.");
  if (user.status !== "INVITED") return { state: "active", email: user.email };
  const setup = await User.renewSetupLink(deps, SYSTEM, user, bootstrapContext());
  return { state: "link_renewed", email: user.email, setupUrl: setup.setupUrl, setupExpiresAt: setup.expiresAt.toISOString() };
}

async function createOwner(deps: Deps, email: string): Promise<OwnerState> {
  const { profile, setup, writes } = User.invitedUserWrites(deps, { email, role: "SUPER_ADMIN", isOwner: true, invitedBy: null });
  writes.push(
    claimOwnership(deps.db, profile.id, WorkspaceError.ownerExists),
    Audit.write(deps, {
      type: "USER_INVITED",
      actor: SYSTEM,
      target: { type: "user", id: profile.id, email: profile.email },
      changes: { role: { before: null, after: "SUPER_ADMIN" }, isOwner: { before: null, after: true } },
      context: bootstrapContext(),
    }),
  );
  await transact(deps.db, writes);
  return { state: "created", email: profile.email, setupUrl: setup.setupUrl, setupExpiresAt: setup.expiresAt.toISOString() };
}
