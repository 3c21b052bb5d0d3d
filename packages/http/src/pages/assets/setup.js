/**
 * Browser script of GET /setup: plain ES2020 modules, no dependencies, served from
 * /assets/setup.js (this entry) and /assets/setup/*.js (its parts) so the page runs under
 * `script-src 'self'`. It builds no markup from server data: text goes in with textContent and
 * the QR code (our own SVG) as a data: image, so nothing the API returns is ever parsed as HTML.
 * This entry finishes the ceremony and wires the page's events.
 */

import { linkProblem, post, problemMessage } from "./setup/api.js";
import { copySecret } from "./setup/authenticator.js";
import { loadPolicy, lookup, start } from "./setup/link.js";
import {
  clearAllErrors,
  clearFieldError,
  endWith,
  fieldForPath,
  fieldInput,
  focusFirstError,
  hasFieldError,
  setBusy,
  setFieldError,
  showPageError,
} from "./setup/messages.js";
import { el, FIELDS, show, state } from "./setup/page.js";
import { toAuthenticator } from "./setup/profile.js";

// ---------- finish ----------

async function submit(event) {
  event.preventDefault();
  if (state.busy || !state.token) return;
  // Enter in a step-1 field submits the form: treat it as "Continue" until step 2 is open.
  if (el.stepTotp.hidden) {
    toAuthenticator();
    return;
  }
  clearAllErrors();
  const totpCode = el.totpCode.value.replace(/\s+/g, "");

  const generation = state.generation;
  setBusy(true, el.complete, "Finishing…");
  const result = await post("/v1/setup/complete", {
    token: state.token,
    displayName: el.displayName.value.trim(),
    password: el.password.value,
    totpCode,
  });
  if (generation !== state.generation) return;
  setBusy(false, el.complete);

  if (result.ok) {
    const user = result.data && result.data.user;
    const email = user && typeof user.email === "string" ? user.email : state.email;
    state.token = null;
    el.password.value = "";
    el.totpCode.value = "";
    show(el.form, false);
    show(el.lead, false);
    el.successEmail.textContent = email;
    show(el.success, true);
    el.success.focus();
    return;
  }
  showCompleteError(result);
}

function showCompleteError(result) {
  const p = result.problem;
  const gone = linkProblem(result);
  if (gone) {
    endWith(gone);
    return;
  }
  if (p.code === "password.too_weak") {
    setFieldError("password", p.detail || p.title || "Choose a stronger password.");
    focusFirstError();
    return;
  }
  if (p.code === "totp.invalid") {
    el.totpCode.value = "";
    setFieldError("totpCode", p.detail || p.title || "That code is not right. Enter the current 6-digit code.");
    focusFirstError();
    return;
  }
  if (p.code === "request.invalid" && p.errors.length > 0) {
    const messages = {};
    const unplaced = [];
    p.errors.forEach((error) => {
      const message = error && typeof error.message === "string" ? error.message : "Check this field.";
      const field = error ? fieldForPath(error.path) : null;
      if (field) messages[field] = messages[field] ? messages[field] + " " + message : message;
      else unplaced.push(message);
    });
    Object.keys(messages).forEach((field) => setFieldError(field, messages[field]));
    if (unplaced.length > 0) showPageError(problemMessage(result) + " " + unplaced.join(" "));
    focusFirstError();
    return;
  }
  if (p.code === "setup.totp_not_started") {
    // The server has no pending authenticator secret for this link: start step 2 again.
    state.enrolled = false;
    show(el.stepTotp, false);
    show(el.toAuthenticator, true);
    showPageError(p.detail || "Set up the authenticator again: press Continue to get a new QR code.");
    return;
  }
  showPageError(problemMessage(result));
}

// ---------- wiring ----------

FIELDS.forEach((field) => {
  fieldInput(field).addEventListener("input", () => {
    if (hasFieldError(field)) clearFieldError(field);
  });
});
el.togglePassword.addEventListener("click", () => {
  const visible = el.password.type === "password";
  el.password.type = visible ? "text" : "password";
  el.togglePassword.textContent = visible ? "Hide" : "Show";
  el.togglePassword.setAttribute("aria-pressed", visible ? "true" : "false");
});
el.toAuthenticator.addEventListener("click", () => {
  toAuthenticator();
});
el.copy.addEventListener("click", () => {
  copySecret();
});
el.retry.addEventListener("click", () => {
  if (state.token) lookup();
});
el.form.addEventListener("submit", submit);
// A second setup link pasted into this tab only changes the fragment: no reload, so re-read it.
window.addEventListener("hashchange", () => {
  if (new URLSearchParams(location.hash.replace(/^#/, "")).has("token")) start();
});

loadPolicy();
start();
