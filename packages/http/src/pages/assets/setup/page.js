/**
 * The setup page's elements and the ceremony's state, shared by every part of /assets/setup.js.
 * The elements are looked up once: a module runs after the document is parsed.
 */

export const $ = (id) => document.getElementById(id);
export const el = {
  lead: $("setup-lead"),
  loading: $("setup-loading"),
  pageError: $("page-error"),
  retryWrap: $("retry-wrap"),
  retry: $("retry"),
  form: $("setup-form"),
  email: $("setup-email"),
  role: $("setup-role"),
  expires: $("setup-expires"),
  username: $("setup-username"),
  stepTotp: $("step-totp"),
  displayName: $("displayName"),
  password: $("password"),
  passwordHint: $("password-hint"),
  togglePassword: $("toggle-password"),
  toAuthenticator: $("to-authenticator"),
  qr: $("totp-qr"),
  secret: $("totp-secret"),
  copy: $("copy-secret"),
  copyStatus: $("copy-status"),
  linkWrap: $("totp-link-wrap"),
  link: $("totp-link"),
  totpCode: $("totpCode"),
  complete: $("complete"),
  success: $("setup-success"),
  successEmail: $("setup-success-email"),
};

/** Fields that can carry an error, in page order (the first one with an error gets focus). */
export const FIELDS = ["displayName", "password", "totpCode"];
export const PROFILE_FIELDS = ["displayName", "password"];

/** GET /v1/setup/password-policy once it answered: the rules the hints check, so they are the server's. */
export const state = { token: null, email: "", enrolled: false, busy: false, generation: 0, policy: null };

export const show = (node, visible) => {
  if (node) node.hidden = !visible;
};
