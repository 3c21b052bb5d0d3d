import { withQuery } from "../links";

export const TENANTS_PATH = "/console/tenants";

export const tenantPath = (slug: string) => `${TENANTS_PATH}/${encodeURIComponent(slug)}`;

/**
 * A page's own address without any dialog or menu open: its path and the page of the list being
 * looked at (`cursor`, `trail`), so acting on a row of page two comes back to page two.
 */
export function listAddress(path: string, requestUrl: string): string {
  const from = new URL(requestUrl, "http://console.invalid").searchParams;
  return withQuery(path, { cursor: from.get("cursor"), trail: from.get("trail") });
}

/** Another path with the same page of the list, for a form's action: what it answers comes back there. */
export function samePage(path: string, address: string): string {
  const at = address.indexOf("?");
  return at === -1 ? path : `${path}${address.slice(at)}`;
}
