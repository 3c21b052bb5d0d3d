import { ApiClient, AuthError, Policy } from "@roster/core";
import { Hono, type Context } from "hono";
import { keyRefusal, parseCreateForm, parseRotateForm } from "./api-clients/forms";
import { listHref, PATH, renderClients } from "./api-clients/page";
import { NEW_CLIENT_DIALOG, type StatusAction } from "./api-clients/dialogs";
import type { ConsoleEnv } from "./env";
import { redirectWithFlash } from "./flash";
import { formRefusal, readCheckedForm } from "./forms";
import { signedIn } from "./guard";
import { withQuery } from "./links";

/**
 * `/console/api-clients`: the workspace's API clients. SUPER_ADMINs register them, rotate their
 * keys, disable and enable them; VIEWERs read the list. Each form goes to the verb the API's route
 * calls, with the same guards and audit events.
 */
export const apiClientPages = new Hono<ConsoleEnv>();

/**
 * A form is judged only for whoever may send it: a VIEWER's forged post is refused (403 page)
 * before its fields are read, so it never sees a form's verdict either.
 */
async function writerForm(c: Context<ConsoleEnv>) {
  const form = await readCheckedForm(c);
  if (!Policy.can(c.var.principal, "api-clients:write")) throw AuthError.forbidden();
  return form;
}

/** A refusal the page shows beside the form; a client that does not exist is the 404 page instead. */
function refusalOf(error: unknown) {
  const refused = formRefusal(error);
  if (refused.status === 404) throw refused.error;
  return { status: refused.status, errors: keyRefusal(refused.errors, refused.error.code) };
}

apiClientPages.get(PATH, signedIn(), (c) => renderClients(c));

apiClientPages.post(PATH, signedIn(), async (c) => {
  const { values, all } = await writerForm(c);
  const scopes = all.scopes ?? [];
  const parsed = parseCreateForm(values, all);
  if (!parsed.ok) return renderClients(c, { create: { values, scopes, errors: parsed.errors } }, 400);
  try {
    const client = await ApiClient.create(c.var.deps, c.var.principal, parsed.data, c.var.requestContext);
    // Nothing secret to show once: the page after the redirect shows the client's id and endpoint
    // in the dialog, which leaves the address when it is closed, so a reload does not show it again.
    return redirectWithFlash(c, withQuery(PATH, { dialog: NEW_CLIENT_DIALOG, created: client.id }), { kind: "success", message: `API client ${client.name} registered.` });
  } catch (error) {
    const refused = refusalOf(error);
    return renderClients(c, { create: { values, scopes, errors: refused.errors } }, refused.status);
  }
});

apiClientPages.post(`${PATH}/:id/rotate`, signedIn(), async (c) => {
  const { values } = await writerForm(c);
  const clientId = c.req.param("id");
  const parsed = parseRotateForm(values);
  if (!parsed.ok) return renderClients(c, { rotate: { clientId, values, errors: parsed.errors } }, 400);
  let client: ApiClient.ApiClient;
  try {
    client = await ApiClient.rotateKey(c.var.deps, c.var.principal, clientId, parsed.data, c.var.requestContext);
  } catch (error) {
    const refused = refusalOf(error);
    return renderClients(c, { rotate: { clientId, values, errors: refused.errors } }, refused.status);
  }
  const overlap = client.previousKey ? ` The previous key works until ${client.previousKey.validUntil.slice(0, 16).replace("T", " ")} UTC.` : " The previous key stopped working.";
  return redirectWithFlash(c, listHref(c), { kind: "success", message: `New key for ${client.name} in use.${overlap}` });
});

const STATUS_VERBS = {
  disable: { verb: ApiClient.disable, done: (name: string) => `${name} disabled. Its tokens stopped working.` },
  enable: { verb: ApiClient.enable, done: (name: string) => `${name} enabled. It can get access tokens again.` },
} as const satisfies Record<StatusAction, unknown>;

for (const act of ["disable", "enable"] as const) {
  apiClientPages.post(`${PATH}/:id/${act}`, signedIn(), async (c) => {
    await writerForm(c);
    const clientId = c.req.param("id");
    try {
      const client = await STATUS_VERBS[act].verb(c.var.deps, c.var.principal, clientId, c.var.requestContext);
      return redirectWithFlash(c, listHref(c), { kind: "success", message: STATUS_VERBS[act].done(client.name) });
    } catch (error) {
      const refused = refusalOf(error);
      return renderClients(c, { status: { clientId, act, errors: refused.errors } }, refused.status);
    }
  });
}
