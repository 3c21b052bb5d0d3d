import type { Auth, User } from "@roster/core";
import { withQuery } from "../links";
import { ActionsMenu } from "../ui";
import { ACTION_LABELS, actionsFor, dialogId, parseDialogId, type RowAction } from "./actions";
import { ActionDialog } from "./action-dialog";
import { closedHref, queryParam, type DialogState } from "./view";

type Person = Pick<User.User, "id" | "email" | "role" | "status" | "isOwner" | "source">;

/**
 * "Actions for <email>": what applies to this person now. Each item is a link to this page with
 * that action's dialog open (`?dialog=<action>-<id>`), which the server renders for this one
 * person only; without script `?menu=<id>` opens the menu itself.
 */
export function PersonMenu({ person, viewer, href }: { person: Person; viewer: Auth.ConsolePrincipal; href: string }) {
  const open = queryParam(href, "menu") === person.id;
  const base = closedHref(href);
  const items = actionsFor(person, viewer).map((action) => ({
    label: ACTION_LABELS[action],
    href: withQuery(base, { dialog: dialogId(action, person.id) }),
  }));
  return <ActionsMenu id={`menu-${person.id}`} label={`Actions for ${person.email}`} items={items} open={open} toggleHref={open ? base : withQuery(base, { menu: person.id })} />;
}

/**
 * The one row dialog the page shows, if any: the one its address names when that action applies
 * to someone on the page now, or the one a form just came back to (then even if it no longer
 * applies, to say why the verb refused). A refusal about someone no longer on the page goes to the
 * page's notice instead (see `refusalWithoutDialog`).
 */
export function OpenActionDialog(props: { people: Person[]; viewer: Auth.ConsolePrincipal; href: string; closeHref: string; csrf: string; state: DialogState | undefined }) {
  const target = openTarget(props.people, props.viewer, props.href, props.state);
  if (!target) return null;
  const state = props.state?.id === dialogId(target.action, target.person.id) ? props.state : undefined;
  return <ActionDialog action={target.action} person={target.person} href={props.closeHref} csrf={props.csrf} state={state} />;
}

function openTarget(people: Person[], viewer: Auth.ConsolePrincipal, href: string, state: DialogState | undefined): { action: RowAction; person: Person } | null {
  const named = parseDialogId(state?.id ?? queryParam(href, "dialog"));
  const person = named ? people.find((p) => p.id === named.userId) : undefined;
  if (!named || !person) return null;
  if (state || actionsFor(person, viewer).includes(named.action)) return { action: named.action, person };
  return null;
}

/** A refused form whose dialog the page cannot show (its person is not on it): its message, for the page's notice. */
export function refusalWithoutDialog(people: Person[], state: DialogState | undefined): string | undefined {
  const named = parseDialogId(state?.id);
  if (!named || people.some((p) => p.id === named.userId)) return undefined;
  return state?.errors?._form ?? Object.values(state?.errors ?? {})[0];
}
