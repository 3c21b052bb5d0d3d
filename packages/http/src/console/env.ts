import type { Auth } from "@roster/core";
import type { AppEnv } from "../env";

/** What every console handler can read: the app's variables, the signed-in person and their CSRF token. */
export type ConsoleEnv = {
  Variables: AppEnv["Variables"] & {
    principal: Auth.ConsolePrincipal;
    /** The token every form of this session carries (see session-cookie.ts). */
    csrf: string;
  };
};
