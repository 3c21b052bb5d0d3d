/**
 * Step 1, the profile: early hints on the name and password, then "Continue", which asks the
 * server for an authenticator secret (once per link) and opens step 2.
 */

import { linkProblem, post, problemMessage } from "./api.js";
import { renderEnrollment } from "./authenticator.js";
import { clearFieldError, clearPageError, endWith, setBusy, setFieldError, showPageError } from "./messages.js";
import { el, PROFILE_FIELDS, show, state } from "./page.js";

/**
 * Early hints for what can be known here. They never block: the server is the judge (it also
 * decides password strength), and whatever it refuses at the end is shown next to its field.
 */
function hintProfile() {
  PROFILE_FIELDS.forEach(clearFieldError);
  if (!el.displayName.value.trim()) {
    setFieldError("displayName", "Enter your name as your teammates should see it.");
  }
  const password = el.password.value;
  const policy = state.policy;
  if (!password) {
    setFieldError("password", policy ? "Choose a password of at least " + policy.minLength + " characters." : "Choose a password.");
    return;
  }
  if (!policy) return;
  // Characters as the server counts them: code points, so an emoji is one.
  const length = Array.from(password).length;
  if (length < policy.minLength) {
    setFieldError("password", "Use at least " + policy.minLength + " characters (this one has " + length + ").");
  } else if (length > policy.maxLength) {
    setFieldError("password", "Use at most " + policy.maxLength + " characters.");
  } else if (policy.mustNotContainEmail && state.email && password.toLowerCase().includes(state.email.toLowerCase())) {
    setFieldError("password", "The password must not contain your email address.");
  }
}

export async function toAuthenticator() {
  if (state.busy || !state.token) return;
  clearPageError();
  hintProfile();
  if (!state.enrolled) {
    const generation = state.generation;
    setBusy(true, el.toAuthenticator, "Preparing…");
    const result = await post("/v1/setup/totp", { token: state.token });
    if (generation !== state.generation) return;
    setBusy(false, el.toAuthenticator);
    if (!result.ok) {
      const gone = linkProblem(result);
      if (gone) endWith(gone);
      else showPageError(problemMessage(result));
      return;
    }
    renderEnrollment(result.data);
    state.enrolled = true;
  }
  show(el.stepTotp, true);
  show(el.toAuthenticator, false);
  el.stepTotp.scrollIntoView({ block: "start" });
  el.totpCode.focus({ preventScroll: true });
}
