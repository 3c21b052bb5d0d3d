import { ApiClient, AuthError, Policy } from "@roster/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ConsoleEnv } from "../env";
import { takeFlash } from "../flash";
import type { FormErrors } from "../forms";
import { pageLinks, withQuery } from "../links";
import { Shell, type Flash } from "../shell";
import { DialogButton, Empty, Pager } from "../ui";
import { ClientsTable } from "./table";
import {
  CreatedClientDialog,
  NEW_CLIENT_DIALOG,
  NewClientDialog,
  RotateDialog,
  rotateDialogId,
  StatusDialog,
  statusDialogId,
  type CreateState,
  type RotateState,
  type StatusAction,
} from "./dialogs";

export const PATH = "/console/api-clients";
const PAGE_SIZE = 20;

export type ClientsState = {
  flash?: Flash | undefined;
  create?: CreateState;
  rotate?: RotateState & { clientId: string };
  status?: { clientId: string; act: StatusAction; errors: FormErrors };
};

/**
 * The list's own address: the page of clients (cursor and trail) without any dialog or menu open.
 * A form posted from a page carries it, so the page comes back as it was, refused or done.
 */
export function listHref(c: Context): string {
  return withQuery(PATH, { cursor: c.req.query("cursor"), trail: c.req.query("trail") });
}

const queryOf = (href: string) => href.slice(PATH.length);
const actionOf = (clientId: string, verb: string, list: string) => `${PATH}/${encodeURIComponent(clientId)}/${verb}${queryOf(list)}`;

/** The page, with whatever a form just posted left on it. Two round trips: authentication, and one Query for the clients. */
export async function renderClients(c: Context<ConsoleEnv>, state: ClientsState = {}, status: ContentfulStatusCode = 200) {
  const { principal, csrf, deps } = c.var;
  if (!Policy.can(principal, "api-clients:read")) throw AuthError.forbidden();
  const canWrite = Policy.can(principal, "api-clients:write");
  const list = listHref(c);
  const clients = await ApiClient.list(deps, principal, { limit: PAGE_SIZE, cursor: c.req.query("cursor") || undefined });
  const links = pageLinks(list, clients.nextCursor);
  const dialog = canWrite ? c.req.query("dialog") : undefined;
  const menu = canWrite ? c.req.query("menu") : undefined;
  // Only after a creation, which lands on the first page, where the newest client is.
  const created = canWrite ? clients.items.find((client) => client.id === c.req.query("created")) : undefined;

  return c.html(
    <Shell title="API clients" principal={principal} csrf={csrf} section={PATH} flash={state.flash ?? takeFlash(c)}>
      <div class="page-head">
        <div>
          <h1>API clients</h1>
          <p class="subtitle">Backends that call Roster's API with a key pair of their own, within the scopes given here.</p>
        </div>
        {canWrite ? (
          created ? (
            // The dialog on the page shows the new client: this one loads an empty form.
            <a role="button" class="button primary" href={withQuery(list, { dialog: NEW_CLIENT_DIALOG })}>
              New API client
            </a>
          ) : (
            <DialogButton dialog={NEW_CLIENT_DIALOG} href={withQuery(list, { dialog: NEW_CLIENT_DIALOG })} label="New API client" />
          )
        ) : null}
      </div>
      {canWrite ? null : <p class="notice">You can read the API clients; only a SUPER_ADMIN registers or changes them.</p>}

      {clients.items.length === 0 ? (
        <Empty>{canWrite ? "No API clients yet. Register one with New API client to let a backend call Roster's API." : "No API clients yet."}</Empty>
      ) : (
        <ClientsTable clients={clients.items} canWrite={canWrite} list={list} openMenu={menu} />
      )}
      <Pager next={links.next} previous={links.previous} />

      {canWrite ? (
        <>
          {created ? (
            <CreatedClientDialog client={created} tokenEndpoint={`${deps.settings.publicUrl}/oauth/token`} closeHref={list} anotherHref={withQuery(list, { dialog: NEW_CLIENT_DIALOG })} />
          ) : (
            <NewClientDialog open={dialog === NEW_CLIENT_DIALOG || state.create !== undefined} closeHref={list} csrf={csrf} state={state.create} />
          )}
          {clients.items.map((client) => {
            const act: StatusAction = client.status === "ACTIVE" ? "disable" : "enable";
            const refusedRotate = state.rotate?.clientId === client.id ? state.rotate : undefined;
            const refusedStatus = state.status?.clientId === client.id ? state.status : undefined;
            return (
              <>
                <RotateDialog client={client} open={dialog === rotateDialogId(client.id) || refusedRotate !== undefined} closeHref={list} action={actionOf(client.id, "rotate", list)} csrf={csrf} state={refusedRotate} />
                <StatusDialog
                  client={client}
                  act={refusedStatus?.act ?? act}
                  open={dialog === statusDialogId(client.id, act) || refusedStatus !== undefined}
                  closeHref={list}
                  action={actionOf(client.id, refusedStatus?.act ?? act, list)}
                  csrf={csrf}
                  error={refusedStatus?.errors._form}
                />
              </>
            );
          })}
        </>
      ) : null}
    </Shell>,
    status,
  );
}
