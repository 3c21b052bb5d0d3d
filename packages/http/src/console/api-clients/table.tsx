import type { ApiClient } from "@roster/core";
import { withQuery } from "../links";
import { ActionsMenu, Table, When, type MenuItem } from "../ui";
import { rotateDialogId, statusDialogId, type StatusAction } from "./dialogs";

/**
 * What applies to a client now: a new key, unless its keys are in its JWKS (it rotates them there);
 * Disable while it is active, Enable once it is not.
 */
function menuItems(client: ApiClient.ApiClient, list: string): MenuItem[] {
  const act: StatusAction = client.status === "ACTIVE" ? "disable" : "enable";
  return [
    ...(client.jwksUri === null ? [{ label: "Rotate key", href: withQuery(list, { dialog: rotateDialogId(client.id) }), dialog: rotateDialogId(client.id) }] : []),
    { label: act === "disable" ? "Disable" : "Enable", href: withQuery(list, { dialog: statusDialogId(client.id, act) }), dialog: statusDialogId(client.id, act) },
  ];
}

/** The clients, newest first, each with its id, scopes and any key still in its overlap; a SUPER_ADMIN gets each row's menu. */
export function ClientsTable({ clients, canWrite, list, openMenu }: { clients: ApiClient.ApiClient[]; canWrite: boolean; list: string; openMenu: string | undefined }) {
  return (
    <div class="records-table">
      <Table caption="API clients" columns={["Name", "Type", "Status", "Created"]} actions={canWrite}>
        {clients.map((client) => (
          <tr>
            <td data-label="Name">
              <div class="cell-stack">
                <strong>{client.name}</strong>
                <span class="client-meta">
                  <code>{client.id}</code>
                  <span class="muted">{client.scopes.join(", ")}</span>
                  {client.jwksUri !== null ? <span class="muted">
                      Keys from <code>{client.jwksUri}</code>
                    </span> : null}
                  {client.previousKey ? (
                    <span class="muted">
                      Previous key works until <When at={client.previousKey.validUntil} />
                    </span>
                  ) : null}
                </span>
              </div>
            </td>
            <td data-label="Type">{client.type}</td>
            <td data-label="Status">
              <span class={`badge ${client.status === "ACTIVE" ? "badge-success" : "badge-danger"}`}>{client.status}</span>
            </td>
            <td data-label="Created">
              <div class="cell-stack">
                <When at={client.createdAt} />
                <span class="client-meta muted">by {client.createdBy.email}</span>
              </div>
            </td>
            {canWrite ? (
              <td class="actions-cell">
                <ActionsMenu
                  id={`menu-${client.id}`}
                  label={`Actions for ${client.name}`}
                  items={menuItems(client, list)}
                  open={openMenu === client.id}
                  toggleHref={withQuery(list, { menu: openMenu === client.id ? null : client.id })}
                />
              </td>
            ) : null}
          </tr>
        ))}
      </Table>
    </div>
  );
}
