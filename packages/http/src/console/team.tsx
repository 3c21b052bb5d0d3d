import { Hono } from "hono";
import type { ConsoleEnv } from "./env";
import { errorPage } from "./error-pages";
import { signedIn } from "./guard";
import { isRowAction } from "./team/actions";
import { INVITE_PATH } from "./team/invite-dialog";
import { renderPerson } from "./team/person-page";
import { postAction } from "./team/post-action";
import { postInvite } from "./team/post-invite";
import { renderTeam } from "./team/team-page";
import { hrefOf, TEAM_PATH, USER_ID } from "./team/view";

/**
 * The team pages: `/console/team` (the workspace's people, invitations, and each person's actions)
 * and `/console/users/<id>` (one person). SUPER_ADMINs act, VIEWERs read, anyone else gets the
 * 403 page. Every action is a form posted to `/console/users/<id>/<action>` from a dialog.
 */
export const teamPages = new Hono<ConsoleEnv>();

teamPages.get(TEAM_PATH, signedIn(), (c) => renderTeam(c, hrefOf(c.req.url)));

teamPages.post(INVITE_PATH, signedIn(), postInvite);

teamPages.get("/console/users/:id", signedIn(), (c) => renderPerson(c, c.req.param("id"), hrefOf(c.req.url)));

teamPages.post("/console/users/:id/:action", signedIn(), (c) => {
  const action = c.req.param("action");
  if (!isRowAction(action) || !USER_ID.test(c.req.param("id"))) return errorPage(c, 404, "There is no such action. Go back to the team page and use a person's menu.");
  return postAction(c, action, c.req.param("id"));
});
