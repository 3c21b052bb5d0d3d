import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ConsoleEnv } from "../env";
import { renderPerson } from "./person-page";
import { renderTeam } from "./team-page";
import type { PageState, View } from "./view";

/** The page a team form came from, rendered again as the answer to that form. */
export function renderView(c: Context<ConsoleEnv>, view: View, state: PageState, status: ContentfulStatusCode) {
  return view.kind === "person" ? renderPerson(c, view.userId, view.href, state, status) : renderTeam(c, view.href, state, status);
}
