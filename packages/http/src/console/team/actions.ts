import { Policy, Sso, type Auth, type User } from "@roster/core";

/*
 * What an admin can do to a person from a row's menu or their page. Each action is a dialog (it
 * names the person and asks before anything happens) whose form posts to
 * `/console/users/<id>/<action>`; the dialog opens at `?dialog=<action>-<id>`.
 */
export const ROW_ACTIONS = ["setup-link", "role", "mfa-reset", "deactivate", "reactivate", "remove", "ownership"] as const;
export type RowAction = (typeof ROW_ACTIONS)[number];

export const isRowAction = (name: string): name is RowAction => ROW_ACTIONS.some((action) => action === name);

/** The menu item's name, which is also the name of the dialog's confirming button. */
export const ACTION_LABELS: Record<RowAction, string> = {
  "setup-link": "Resend setup link",
  role: "Change role",
  "mfa-reset": "Reset authenticator",
  deactivate: "Deactivate",
  reactivate: "Reactivate",
  remove: "Remove",
  ownership: "Make owner",
};

/** The actions that take something away: their confirming button is red. */
export const DESTRUCTIVE: ReadonlySet<RowAction> = new Set<RowAction>(["mfa-reset", "deactivate", "remove", "ownership"]);

type Person = Pick<User.User, "id" | "status" | "role" | "isOwner" | "source">;

/**
 * The actions that apply to a person now, as the verbs' guards would judge them on what the page
 * read: nothing on one's own account, nothing that would demote, deactivate or remove the owner,
 * each status its own, and, while single sign-on is enforced, no role change of someone the
 * identity provider manages (their role comes from its groups). The verb still judges again when the form is posted (someone may have
 * acted meanwhile) and the page shows its refusal.
 */
export function actionsFor(person: Person, viewer: Auth.ConsolePrincipal): RowAction[] {
  if (!Policy.can(viewer, "users:write") || viewer.account?.id === person.id) return [];
  const applies: Record<RowAction, boolean> = {
    "setup-link": person.status === "INVITED",
    role: !person.isOwner && !(viewer.ssoEnforced && Sso.isSsoSourced(person)),
    "mfa-reset": person.status === "ACTIVE",
    deactivate: person.status === "ACTIVE" && !person.isOwner,
    reactivate: person.status === "DEACTIVATED",
    remove: !person.isOwner,
    ownership: Policy.can(viewer, "ownership:transfer") && person.status === "ACTIVE" && person.role === "SUPER_ADMIN",
  };
  return ROW_ACTIONS.filter((action) => applies[action]);
}

export const dialogId = (action: RowAction, userId: string) => `${action}-${userId}`;

const DIALOG_ID = new RegExp(`^(${ROW_ACTIONS.join("|")})-(usr_[0-9a-z]+)$`);

/** The row action a dialog id names, if it names one. */
export function parseDialogId(id: string | null | undefined): { action: RowAction; userId: string } | null {
  const match = id ? DIALOG_ID.exec(id) : null;
  const action = match?.[1];
  const userId = match?.[2];
  return action && userId && isRowAction(action) ? { action, userId } : null;
}
