import { inviterName, type Actor, type RequestContext } from "../actor";
import type { Deps } from "../deps";
import { requireSuperAdmin, setupUrlFor } from "../policy";
import { renewSetupLink } from "../setup/renew-link";
import { actorIsStillAdmin } from "./guards";
import { mailSetupLink } from "./invite";
import { readUser } from "./read";

export type RenewedLink = { setupUrl: string | null; setupExpiresAt: string; emailDelivery: "sent" | "failed" };

/** A fresh setup link for an INVITED user, mailed and returned (to a person); the previous link stops working. */
export async function regenerateSetupLink(deps: Deps, actor: Actor, userId: string, context: RequestContext): Promise<RenewedLink> {
  requireSuperAdmin(actor, "users:write");
  const user = await readUser(deps, userId);
  const setup = await renewSetupLink(deps, actor, user, context, actorIsStillAdmin(deps, actor));
  const emailDelivery = await mailSetupLink(deps, user, setup, inviterName(actor));
  return { setupUrl: setupUrlFor(actor, setup.setupUrl), setupExpiresAt: setup.expiresAt.toISOString(), emailDelivery };
}
