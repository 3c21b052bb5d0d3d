/**
 * Talking to the API: JSON requests that never throw (a failed request is a problem like any
 * other), the server's password policy, and the user-facing reading of a problem's answer.
 */

const LINK_MESSAGES = {
  "setup.used": "This link has already been used. Sign in instead, or ask your admin for a new link.",
  "setup.expired": "This link has expired. Ask your admin for a new one.",
  "setup.not_found":
    "This link is not valid. Check that you opened the whole link from your invitation, or ask your admin for a new one.",
};
const GONE_MESSAGE = "This link can no longer be used. Ask your admin for a new one.";

export async function post(path, body) {
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
  } catch {
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
  } catch {
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

/** The server's password rules, or null when it could not be read: then the server alone judges. */
export async function fetchPolicy() {
  try {
    const response = await fetch("/v1/setup/password-policy", {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      referrerPolicy: "no-referrer",
    });
    if (!response.ok) return null;
    const p = await response.json();
    const length = (value) => Number.isInteger(value) && value > 0;
    if (!p || !length(p.minLength) || !length(p.maxLength)) return null;
    return { minLength: p.minLength, maxLength: p.maxLength, mustNotContainEmail: p.mustNotContainEmail === true };
  } catch {
    return null;
  }
}

export function problemMessage(result) {
  const p = result.problem;
  if (p.detail) return p.detail;
  if (p.title) return p.title;
  if (result.status >= 500) return "Roster had a problem on its side. Try again in a moment.";
  return "Something went wrong (HTTP " + result.status + "). Try again.";
}

/** The link itself is unusable (unknown, expired, used): nothing on this page can fix that. */
export function linkProblem(result) {
  const code = result.problem.code;
  if (Object.prototype.hasOwnProperty.call(LINK_MESSAGES, code)) return LINK_MESSAGES[code];
  if (result.status === 410) return result.problem.detail || GONE_MESSAGE;
  return null;
}
