/**
 * Browser script of GET /setup: plain ES2020, no dependencies, served from /assets/setup.js so
 * the page runs under `script-src 'self'`. It builds no markup from server data: text goes in
 * with textContent and the QR code (our own SVG) as a data: image, so nothing the API returns is
 * ever parsed as HTML. The string contains no backticks or `${`: it stays a plain template.
 */
export const setupJs = String.raw`(() => {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const el = {
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
  const FIELDS = ["displayName", "password", "totpCode"];
  const PROFILE_FIELDS = ["displayName", "password"];

  const LINK_MESSAGES = {
    "setup.used": "This link has already been used. Sign in instead, or ask your admin for a new link.",
    "setup.expired": "This link has expired. Ask your admin for a new one.",
    "setup.not_found":
      "This link is not valid. Check that you opened the whole link from your invitation, or ask your admin for a new one.",
  };
  const GONE_MESSAGE = "This link can no longer be used. Ask your admin for a new one.";
  const NO_TOKEN_MESSAGE =
    "This page needs the setup link from your invitation. Open the link from your invitation email again, or ask your admin for a new one.";

  const ROLE_LABELS = {
    SUPER_ADMIN: "Super admin",
    OPERATOR: "Operator",
    CONTRACTOR: "Contractor",
    CLIENT_USER: "Client user",
  };

  const state = { token: null, email: "", enrolled: false, busy: false, generation: 0 };

  const show = (node, visible) => {
    if (node) node.hidden = !visible;
  };

  // ---------- talking to the API ----------

  async function post(path, body) {
    let response;
    try {
      response = await fetch(path, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json, application/problem+json" },
        body: JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
        referrerPolicy: "no-referrer",
      });
    } catch (error) {
      return {
        ok: false,
        status: 0,
        problem: { code: "network", detail: "Roster could not be reached. Check your connection and try again.", errors: [] },
      };
    }
    let data = null;
    try {
      const text = await response.text();
      data = text ? JSON.parse(text) : null;
    } catch (error) {
      data = null;
    }
    if (response.ok) return { ok: true, status: response.status, data: data || {} };
    const p = data && typeof data === "object" ? data : {};
    return {
      ok: false,
      status: response.status,
      problem: {
        code: typeof p.code === "string" ? p.code : "",
        title: typeof p.title === "string" ? p.title : "",
        detail: typeof p.detail === "string" ? p.detail : "",
        errors: Array.isArray(p.errors) ? p.errors : [],
      },
    };
  }

  function problemMessage(result) {
    const p = result.problem;
    if (p.detail) return p.detail;
    if (p.title) return p.title;
    if (result.status >= 500) return "Roster had a problem on its side. Try again in a moment.";
    return "Something went wrong (HTTP " + result.status + "). Try again.";
  }

  /** The link itself is unusable (unknown, expired, used): nothing on this page can fix that. */
  function linkProblem(result) {
    const code = result.problem.code;
    if (Object.prototype.hasOwnProperty.call(LINK_MESSAGES, code)) return LINK_MESSAGES[code];
    if (result.status === 410) return result.problem.detail || GONE_MESSAGE;
    return null;
  }

  // ---------- messages ----------

  function showPageError(message, options) {
    el.pageError.textContent = message;
    show(el.pageError, true);
    show(el.retryWrap, Boolean(options && options.retry));
    el.pageError.scrollIntoView({ block: "nearest" });
  }

  function clearPageError() {
    el.pageError.textContent = "";
    show(el.pageError, false);
    show(el.retryWrap, false);
  }

  /** Ends the ceremony with a message instead of the form. */
  function endWith(message) {
    state.token = null;
    show(el.loading, false);
    show(el.form, false);
    show(el.success, false);
    show(el.lead, false);
    el.password.value = "";
    showPageError(message);
    el.pageError.focus();
  }

  function fieldInput(field) {
    return $(field);
  }

  function setFieldError(field, message) {
    const out = $("error-" + field);
    out.textContent = message;
    show(out, true);
    fieldInput(field).setAttribute("aria-invalid", "true");
  }

  function clearFieldError(field) {
    const out = $("error-" + field);
    out.textContent = "";
    show(out, false);
    fieldInput(field).removeAttribute("aria-invalid");
  }

  function clearAllErrors() {
    FIELDS.forEach(clearFieldError);
    clearPageError();
  }

  function hasFieldError(field) {
    return fieldInput(field).getAttribute("aria-invalid") === "true";
  }

  /** Focuses the first field (in page order) that carries an error; returns whether there was one. */
  function focusFirstError() {
    const first = FIELDS.find(hasFieldError);
    if (!first) return false;
    if (PROFILE_FIELDS.includes(first)) show(el.toAuthenticator, true);
    fieldInput(first).focus();
    return true;
  }

  /** Maps a problem's error path ("password", "body.password", "/totpCode", ["displayName"]) to a field. */
  function fieldForPath(path) {
    const parts = Array.isArray(path) ? path.map(String) : String(path == null ? "" : path).split(/[./[\]#]+/);
    for (let i = parts.length - 1; i >= 0; i -= 1) {
      if (FIELDS.includes(parts[i])) return parts[i];
    }
    return null;
  }

  function setBusy(busy, button, label) {
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

  // ---------- step 0: the link ----------

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

  function start() {
    resetPage();
    const token = takeTokenFromFragment();
    if (!token) {
      endWith(NO_TOKEN_MESSAGE);
      return;
    }
    state.token = token;
    lookup();
  }

  async function lookup() {
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
    } catch (error) {
      when = date.toISOString();
    }
    return " · This link works until " + when + ".";
  }

  // ---------- step 1: profile ----------

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
    if (!password) setFieldError("password", "Choose a password of at least 12 characters.");
    else if (password.length < 12)
      setFieldError("password", "Use at least 12 characters (this one has " + password.length + ").");
    else if (password.length > 128) setFieldError("password", "Use at most 128 characters.");
  }

  async function toAuthenticator() {
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

  // ---------- step 2: authenticator ----------

  function toBase64(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 0x8000)));
    }
    return btoa(binary);
  }

  function renderEnrollment(data) {
    const secret = String(data.secret || "").replace(/\s+/g, "");
    el.secret.dataset.secret = secret;
    el.secret.textContent = secret.replace(/(.{4})(?=.)/g, "$1 ");

    el.qr.replaceChildren();
    let svg = typeof data.qrCodeSvg === "string" ? data.qrCodeSvg.trim() : "";
    if (svg.indexOf("<svg") !== -1) {
      // An SVG shown through <img> is inert (no scripts, no external loads) and needs only
      // img-src data:, so even our own markup never goes through innerHTML.
      if (!/xmlns=/.test(svg)) svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"');
      const img = document.createElement("img");
      img.src = "data:image/svg+xml;base64," + toBase64(svg);
      img.alt = "QR code that adds " + (state.email || "your account") + " to an authenticator app";
      img.width = 200;
      img.height = 200;
      el.qr.appendChild(img);
    }

    const uri = typeof data.otpauthUri === "string" ? data.otpauthUri : "";
    if (/^otpauth:\/\//i.test(uri)) {
      el.link.setAttribute("href", uri);
      show(el.linkWrap, true);
    } else {
      show(el.linkWrap, false);
    }
  }

  let copyTimer = 0;
  async function copySecret() {
    const secret = el.secret.dataset.secret || "";
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      el.copyStatus.textContent = "Copied";
    } catch (error) {
      const range = document.createRange();
      range.selectNodeContents(el.secret);
      const selection = window.getSelection();
      if (selection) {
        selection.removeAllRanges();
        selection.addRange(range);
      }
      el.copyStatus.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy";
    }
    clearTimeout(copyTimer);
    copyTimer = setTimeout(() => {
      el.copyStatus.textContent = "";
    }, 5000);
  }

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

  start();
})();
`;
