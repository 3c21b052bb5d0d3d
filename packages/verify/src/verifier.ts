import { createTokenIntrospector, type IntrospectorOptions } from "./introspect";
import { createTokenVerifier, type OfflineVerifierOptions, type TokenVerifier } from "./offline";

/**
 * How to verify: `offline` (the default) checks the signature against Roster's published keys and
 * costs nothing per request; `introspect` asks Roster each time and sees revocations at once.
 */
export type VerifierOptions = ({ mode?: "offline" } & OfflineVerifierOptions) | ({ mode: "introspect" } & IntrospectorOptions);

export function createVerifier(options: VerifierOptions): TokenVerifier {
  return options.mode === "introspect" ? createTokenIntrospector(options) : createTokenVerifier(options);
}
