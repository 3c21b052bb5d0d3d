import { inviterName, type RequestContext } from "../actor";
import type { Deps } from "../deps";
import { authorize, setupUrlFor, stillAllowed, type Principal } from "../policy";
import { readTarget } from "./guards";
import { mailSetupLink } from "./invite";
import { renewSetupLink } from "./renew-link";

export type RenewedLink = { setupUrl: string | null; setupExpiresAt: string; emailDelivery: "sent" | "failed" };

/** A fresh setup link for an INVITED user, mailed and returned (to a person); the previous link stops working. */
export async function regenerateSetupLink(deps: Deps, principal: Principal, userId: string, context: RequestContext): Promise<RenewedLink> {
  authorize(principal, "users:write");
  const { actor } = principal;
  const user = await readTarget(deps, userId);
  const setup = await renewSetupLink(deps, actor, user, context, stillAllowed(deps.db, actor));
  const emailDelivery = await mailSetupLink(deps, user, setup, inviterName(actor));
  return { setupUrl: setupUrlFor(actor, setup.setupUrl), setupExpiresAt: setup.expiresAt.toISOString(), emailDelivery };
}
