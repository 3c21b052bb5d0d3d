import type { Membership } from "@roster/core";
import { withQuery } from "../links";
import { ActionsMenu, Empty, Pager, Table } from "../ui";
import { Expiry } from "./expiry";
import { tenantRoleLabel } from "./roles";

/**
 * "Actions for <email>" on a member's row, on the tenant page and in the portal alike: each item
 * opens its dialog for this member (`?dialog=<dialog>&member=<id>`); without script `?menu=` opens
 * the menu itself.
 */
export function MemberMenu({ member, here, menu, actions }: { member: Membership.Membership; here: string; menu: string | undefined; actions: { label: string; dialog: string }[] }) {
  const menuId = `member-${member.user.id}`;
  return (
    <ActionsMenu
      id={menuId}
      label={`Actions for ${member.user.email}`}
      open={menu === menuId}
      toggleHref={menu === menuId ? here : withQuery(here, { menu: menuId })}
      items={actions.map(({ label, dialog }) => ({ label, href: withQuery(here, { dialog, member: member.user.id }) }))}
    />
  );
}

type Props = {
  members: Membership.Membership[];
  tenantName: string;
  /** The page's address without dialog or menu: what the rows' links build on. */
  here: string;
  /** The row menu the address asks to show open (no script). */
  menu: string | undefined;
  manages: boolean;
  now: Date;
  warningDays: number;
  links: { next: string | null; previous: string | null };
};

/** A tenant's members, each with what a SUPER_ADMIN can do to their access now. */
export function MembersTable({ members, tenantName, here, menu, manages, now, warningDays, links }: Props) {
  if (members.length === 0 && !links.previous) {
    return <Empty>{manages ? "No members yet. Add someone from the team with Add member, or invite a client user." : "No members yet."}</Empty>;
  }
  return (
    <>
      <Table caption={`Members of ${tenantName}`} columns={["Email", "Role", "Expires"]} actions={manages}>
        {members.map((member) => (
          <tr>
            <td data-label="Email">{member.user.email}</td>
            <td data-label="Role">{tenantRoleLabel(member.role)}</td>
            <td data-label="Expires">
              <Expiry at={member.expiresAt} now={now} warningDays={warningDays} />
            </td>
            {manages ? (
              <td class="actions-cell">
                <MemberMenu
                  member={member}
                  here={here}
                  menu={menu}
                  actions={[
                    { label: "Change tenant role", dialog: "change-role" },
                    { label: "Change expiry", dialog: "change-expiry" },
                    { label: "Revoke access", dialog: "revoke" },
                  ]}
                />
              </td>
            ) : null}
          </tr>
        ))}
      </Table>
      <Pager next={links.next} previous={links.previous} />
    </>
  );
}
