import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { Actor, type RequestContext } from "../actor";
import { newId } from "../crypto/random";
import * as Audit from "../audit";
import { Keys } from "../db/keys";
import { transact, Write } from "../db/transact";
import type { Deps } from "../deps";
import { DomainError } from "../error";
import { renewSetupLink } from "../setup/renew-link";
import { invitedUserWrites } from "../user/invite";
import type { UserItem } from "../user/user";

export type OwnerState =
  | { state: "created"; email: string; setupUrl: string; setupExpiresAt: string }
  | { state: "link_renewed"; email: string; setupUrl: string; setupExpiresAt: string }
  | { state: "active"; email: string };

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
  const { Item: owner } = await deps.db.doc.send(new GetCommand({ TableName: deps.db.table, Key: Keys.owner(), ConsistentRead: true }));
  if (!owner) return createOwner(deps, email);
  const { Item } = await deps.db.doc.send(
    new GetCommand({ TableName: deps.db.table, Key: Keys.user(owner.userId as string), ConsistentRead: true }),
  );
  const user = Item as UserItem | undefined;
  if (!user) throw new Error("The workspace names an owner whose profile is missing.");
  if (user.status !== "INVITED") return { state: "active", email: user.email };
  return renewOwnerLink(deps, user);
}

async function createOwner(deps: Deps, email: string): Promise<OwnerState> {
  const { profile, setup, writes } = invitedUserWrites(deps, { email, role: "SUPER_ADMIN", isOwner: true, invitedBy: null });
  writes.push(
    {
      write: Write.put(deps.db, { ...Keys.owner(), entity: "Owner", userId: profile.id }, { ConditionExpression: "attribute_not_exists(pk)" }),
      onConflict: () => new DomainError("workspace.owner_exists", "The workspace already has an owner."),
    },
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

async function renewOwnerLink(deps: Deps, user: UserItem): Promise<OwnerState> {
  const setup = await renewSetupLink(deps, SYSTEM, user, bootstrapContext());
  return { state: "link_renewed", email: user.email, setupUrl: setup.setupUrl, setupExpiresAt: setup.expiresAt.toISOString() };
}
