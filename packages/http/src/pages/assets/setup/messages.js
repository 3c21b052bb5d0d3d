/**
 * What the page tells the user: the page-wide error, the errors next to their fields (and which
 * field a problem's error path names), the end of the ceremony, and the buttons' busy state.
 */

import { $, el, FIELDS, PROFILE_FIELDS, show, state } from "./page.js";

export function showPageError(message, options) {
  el.pageError.textContent = message;
  show(el.pageError, true);
  show(el.retryWrap, Boolean(options && options.retry));
  el.pageError.scrollIntoView({ block: "nearest" });
}

export function clearPageError() {
  el.pageError.textContent = "";
  show(el.pageError, false);
  show(el.retryWrap, false);
}

/** Ends the ceremony with a message instead of the form. */
export function endWith(message) {
  state.token = null;
  show(el.loading, false);
  show(el.form, false);
  show(el.success, false);
  show(el.lead, false);
  el.password.value = "";
  showPageError(message);
  el.pageError.focus();
}

export function fieldInput(field) {
  return $(field);
}

export function setFieldError(field, message) {
  const out = $("error-" + field);
  out.textContent = message;
  show(out, true);
  fieldInput(field).setAttribute("aria-invalid", "true");
}

export function clearFieldError(field) {
  const out = $("error-" + field);
  out.textContent = "";
  show(out, false);
  fieldInput(field).removeAttribute("aria-invalid");
}

export function clearAllErrors() {
  FIELDS.forEach(clearFieldError);
  clearPageError();
}

export function hasFieldError(field) {
  return fieldInput(field).getAttribute("aria-invalid") === "true";
}

/** Focuses the first field (in page order) that carries an error; returns whether there was one. */
export function focusFirstError() {
  const first = FIELDS.find(hasFieldError);
  if (!first) return false;
  if (PROFILE_FIELDS.includes(first)) show(el.toAuthenticator, true);
  fieldInput(first).focus();
  return true;
}

/** Maps a problem's error path ("password", "body.password", "/totpCode", ["displayName"]) to a field. */
export function fieldForPath(path) {
  const parts = Array.isArray(path) ? path.map(String) : String(path == null ? "" : path).split(/[./[\]#]+/);
  for (let i = parts.length - 1; i >= 0; i -= 1) {
    if (FIELDS.includes(parts[i])) return parts[i];
  }
  return null;
}

export function setBusy(busy, button, label) {
  state.busy = busy;
  el.form.setAttribute("aria-busy", busy ? "true" : "false");
  [el.toAuthenticator, el.complete].forEach((b) => {
    b.disabled = busy;
    if (!busy && b.dataset.label) {
      b.textContent = b.dataset.label;
      delete b.dataset.label;
    }
  });
  if (busy && button) {
    button.dataset.label = button.textContent;
    button.textContent = label;
  }
}
