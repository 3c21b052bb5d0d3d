import type { RequestContext } from "../actor";
import type { Deps } from "../deps";
import { signInWith, type Credentials, type SignedIn } from "./login";
import { confirmMfaWith, type ConfirmMfaInput } from "./mfa-confirm";
import { consoleSession, type ConsoleCookie } from "./console-session";

/**
 * The console signs in with the same verbs as the API (same throttle, same audit events, the same
 * MFA re-enrolment), opening a console session instead of handing out tokens.
 */
export const consoleSignIn = (deps: Deps, input: Credentials, context: RequestContext): Promise<SignedIn<ConsoleCookie>> =>
  signInWith(deps, input, context, consoleSession);

export const consoleConfirmMfa = (deps: Deps, input: ConfirmMfaInput, context: RequestContext): Promise<SignedIn<ConsoleCookie>> =>
  confirmMfaWith(deps, input, context, consoleSession);
