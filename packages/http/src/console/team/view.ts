import type { Flash } from "../shell";
import type { FormErrors, FormValues } from "../forms";
import { withQuery } from "../links";

export const TEAM_PATH = "/console/team";
export const USER_ID = /^usr_[0-9a-z]+$/;
export const personPath = (userId: string) => `/console/users/${encodeURIComponent(userId)}`;

/** A setup link just issued (an invitation, or a new link for an invitee): shown once, in the POST's answer. */
export type IssuedLink = { setupUrl: string | null; setupExpiresAt: string; emailDelivery: "sent" | "failed" };

/** The dialog a form just came back to: what was typed, why it was refused, or the link it issued. */
export type DialogState = { id: string; values?: FormValues; errors?: FormErrors; link?: IssuedLink };

export type PageState = { flash?: Flash | undefined; dialog?: DialogState };

/**
 * The page a team form was posted from, to answer with it again (a refusal, a setup link) or to
 * go back to (post/redirect/get), with its filters and page kept. Only the team page or a
 * person's page: a `back` field naming anything else goes to the team page.
 */
export type View = { kind: "team"; href: string } | { kind: "person"; userId: string; href: string };

const TEAM_HREF = /^\/console\/team(\?[^#\s]*)?$/;
const PERSON_HREF = /^\/console\/users\/(usr_[0-9a-z]+)$/;

export function viewOf(back: string | undefined): View {
  const person = back ? PERSON_HREF.exec(back)?.[1] : undefined;
  if (person) return { kind: "person", userId: person, href: personPath(person) };
  if (back && TEAM_HREF.test(back)) return { kind: "team", href: withQuery(back, { dialog: null, menu: null }) };
  return { kind: "team", href: TEAM_PATH };
}

/** A request's path and query: what the page's own links start from. */
export function hrefOf(url: string): string {
  const parsed = new URL(url, "http://console.invalid");
  return `${parsed.pathname}${parsed.search}`;
}

export const queryParam = (href: string, name: string) => new URL(href, "http://console.invalid").searchParams.get(name);

/** The page's address without an open dialog or menu: where closing one leads, and where its form comes back to. */
export const closedHref = (href: string) => withQuery(href, { dialog: null, menu: null });
