/**
 * Step 0, the link: the token read from the fragment (and dropped from the address bar), the
 * page reset for a new link, the password policy, and the lookup that says whose link it is.
 */

import { fetchPolicy, linkProblem, post, problemMessage } from "./api.js";
import { clearAllErrors, clearPageError, endWith, setBusy, showPageError } from "./messages.js";
import { el, show, state } from "./page.js";

const NO_TOKEN_MESSAGE =
  "This page needs the setup link from your invitation. Open the link from your invitation email again, or ask your admin for a new one.";

const ROLE_LABELS = {
  SUPER_ADMIN: "Super admin",
  OPERATOR: "Operator",
  CONTRACTOR: "Contractor",
  CLIENT_USER: "Client user",
};

const PASSWORD_ADVICE = "A few uncommon words work well; avoid your email or the name of your company.";

function takeTokenFromFragment() {
  const fragment = location.hash.replace(/^#/, "");
  if (!fragment) return null;
  const params = new URLSearchParams(fragment);
  if (!params.has("token")) return null;
  // The token is a bearer secret: once read, drop it from the address bar so it does not
  // linger in history, bookmarks, screenshots or a shoulder-surfer's view.
  history.replaceState(history.state, "", location.pathname + location.search);
  const token = (params.get("token") || "").trim();
  return token || null;
}

function resetPage() {
  state.generation += 1;
  state.token = null;
  state.email = "";
  state.enrolled = false;
  setBusy(false);
  clearAllErrors();
  el.form.reset();
  show(el.lead, true);
  show(el.loading, true);
  show(el.form, false);
  show(el.success, false);
  show(el.stepTotp, false);
  show(el.toAuthenticator, true);
  el.qr.replaceChildren();
  el.secret.textContent = "";
  el.secret.dataset.secret = "";
  el.copyStatus.textContent = "";
  show(el.linkWrap, false);
}

export async function loadPolicy() {
  const policy = await fetchPolicy();
  if (!policy) return;
  state.policy = policy;
  el.password.minLength = policy.minLength;
  el.password.maxLength = policy.maxLength;
  el.passwordHint.textContent = "At least " + policy.minLength + " characters. " + PASSWORD_ADVICE;
}

export function start() {
  resetPage();
  const token = takeTokenFromFragment();
  if (!token) {
    endWith(NO_TOKEN_MESSAGE);
    return;
  }
  state.token = token;
  lookup();
}

export async function lookup() {
  const generation = state.generation;
  clearPageError();
  show(el.loading, true);
  const result = await post("/v1/setup/lookup", { token: state.token });
  if (generation !== state.generation) return;
  show(el.loading, false);
  if (!result.ok) {
    const gone = linkProblem(result);
    if (gone) endWith(gone);
    else showPageError(problemMessage(result), { retry: true });
    return;
  }
  const data = result.data;
  state.email = typeof data.email === "string" ? data.email : "";
  el.email.textContent = state.email;
  el.username.value = state.email;
  const role = typeof data.role === "string" ? data.role : "";
  el.role.textContent = ROLE_LABELS[role] || role.replace(/_/g, " ").toLowerCase();
  show(el.role, Boolean(role));
  el.expires.textContent = describeExpiry(data.expiresAt);
  show(el.form, true);
  el.displayName.focus();
}

function describeExpiry(value) {
  if (typeof value !== "string") return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  let when;
  try {
    when = date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  } catch {
    when = date.toISOString();
  }
  return " · This link works until " + when + ".";
}
