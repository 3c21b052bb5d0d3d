/**
 * "Try it": the form for an operation's parameters and body, the request it sends (with the
 * bearer token when the operation takes one), and the answer shown with its key headers first.
 */

import { unwrapNullable } from "./document.js";
import { h, methodBadge, ui } from "./dom.js";
import { bodyExample } from "./examples.js";
import { usesAuth } from "./operations.js";
import { STATUS_TEXT } from "./status-text.js";
import { setToken } from "./token.js";

/** Shown first in "Try it" answers: what a support ticket and a latency question need. */
const KEY_HEADERS = ["x-request-id", "server-timing", "content-type", "retry-after", "location"];

export function tryPanel(o, requestBody) {
  const panel = h("section", { class: "panel try", "aria-labelledby": "try-title" }, h("h3", { id: "try-title", text: "Try it" }));
  const inputs = [];
  o.params
    .filter((p) => p.in === "path" || p.in === "query" || p.in === "header")
    .forEach((p) => {
      const id = "try-" + p.in + "-" + String(p.name).replace(/[^A-Za-z0-9_-]/g, "_");
      const schema = unwrapNullable(p.schema || {}).schema;
      const placeholder = p.example !== undefined ? String(p.example) : schema.example !== undefined ? String(schema.example) : schema.default !== undefined ? String(schema.default) : "";
      const input = h("input", { id, type: "text", autocomplete: "off", spellcheck: "false", placeholder, "data-name": p.name, "data-in": p.in });
      if (p.required) input.required = true;
      inputs.push({ param: p, input });
      panel.appendChild(h("div", { class: "field" }, h("label", { for: id, text: p.name + " (" + p.in + (p.required ? ", required" : "") + ")" }), input));
    });

  let bodyArea = null;
  let mediaType = null;
  if (requestBody && requestBody.content) {
    const types = Object.keys(requestBody.content);
    mediaType = types.find((t) => /json/.test(t)) || types[0];
    const example = bodyExample(requestBody.content[mediaType] || {}, mediaType);
    bodyArea = h("textarea", { id: "try-body", spellcheck: "false", rows: String(Math.min(18, Math.max(4, example.split("\n").length + 1))) });
    bodyArea.value = example;
    const reset = h("button", { type: "button", class: "secondary small", text: "Reset to example" });
    reset.addEventListener("click", () => {
      bodyArea.value = example;
    });
    panel.appendChild(h("div", { class: "field" }, h("label", { for: "try-body", text: "Body (" + mediaType + ")" }), bodyArea, h("div", { class: "actions" }, reset)));
  }

  const send = h("button", { type: "button", text: "Send" });
  const out = h("div", { class: "response-out", "aria-live": "polite" });
  send.addEventListener("click", () => {
    sendRequest(o, inputs, bodyArea, mediaType, send, out);
  });
  panel.appendChild(h("div", { class: "actions" }, send));
  panel.appendChild(out);
  return panel;
}

async function sendRequest(o, inputs, bodyArea, mediaType, button, out) {
  let path = o.path;
  const query = new URLSearchParams();
  const headers = { Accept: "application/json, application/problem+json" };
  for (const { param, input } of inputs) {
    const value = input.value;
    if (param.in === "path") {
      if (!value) {
        out.replaceChildren(h("p", { class: "notice notice-error", text: "Fill in the path parameter “" + param.name + "”." }));
        input.focus();
        return;
      }
      path = path.split("{" + param.name + "}").join(encodeURIComponent(value));
    } else if (value !== "") {
      if (param.in === "query") query.append(param.name, value);
      else headers[param.name] = value;
    }
  }
  const token = ui.token.value.trim();
  if (token && usesAuth(o.op)) headers.Authorization = "Bearer " + token;

  let body;
  if (bodyArea && bodyArea.value.trim() && o.method !== "get" && o.method !== "head") {
    if (/json/.test(mediaType)) {
      try {
        JSON.parse(bodyArea.value);
      } catch (error) {
        out.replaceChildren(h("p", { class: "notice notice-error", text: "The body is not valid JSON: " + error.message }));
        bodyArea.focus();
        return;
      }
    }
    body = bodyArea.value;
    headers["Content-Type"] = mediaType;
  }

  const url = path + (query.toString() ? "?" + query.toString() : "");
  button.disabled = true;
  out.replaceChildren(h("p", { class: "status", text: "Sending " + o.method.toUpperCase() + " " + url + "…" }));
  const started = performance.now();
  let response;
  try {
    response = await fetch(url, { method: o.method.toUpperCase(), headers, body, credentials: "same-origin", cache: "no-store" });
  } catch (error) {
    button.disabled = false;
    out.replaceChildren(h("p", { class: "notice notice-error", text: "The request failed before an answer came back: " + (error && error.message ? error.message : String(error)) }));
    return;
  }
  const text = await response.text();
  const elapsed = Math.round(performance.now() - started);
  button.disabled = false;
  out.replaceChildren(...responseOutput(o, url, response, text, elapsed));
}

function responseOutput(o, url, response, text, elapsed) {
  const statusText = response.statusText || STATUS_TEXT[response.status] || "";
  const nodes = [
    h("h4", null, h("span", { class: "status-code status-" + String(response.status).charAt(0), text: String(response.status) }), " " + statusText + " · " + elapsed + " ms"),
    h("p", { class: "muted" }, methodBadge(o.method), " ", h("code", { text: url })),
  ];

  const entries = [];
  response.headers.forEach((value, name) => entries.push([name.toLowerCase(), value]));
  entries.sort((a, b) => {
    const ka = KEY_HEADERS.indexOf(a[0]);
    const kb = KEY_HEADERS.indexOf(b[0]);
    if (ka !== kb) return (ka === -1 ? 99 : ka) - (kb === -1 ? 99 : kb);
    return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  });
  const dl = h("dl");
  entries.forEach(([name, value]) => {
    const key = KEY_HEADERS.slice(0, 2).includes(name) ? "key" : null;
    dl.appendChild(h("dt", { class: key, text: name }));
    dl.appendChild(h("dd", { class: key, text: value }));
  });
  nodes.push(h("p", { class: "muted", text: "Headers" }), dl);

  let pretty = text;
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
      pretty = JSON.stringify(json, null, 2);
    } catch (error) {
      json = null;
    }
  }
  nodes.push(h("p", { class: "muted", text: "Body" }), h("pre", { class: "json", tabindex: "0", text: text ? pretty : "(empty)" }));

  const issued = json && typeof json === "object" ? json.accessToken || json.access_token : null;
  if (typeof issued === "string" && issued) {
    const use = h("button", { type: "button", class: "secondary small", text: "Use this access token for Try it" });
    use.addEventListener("click", () => {
      setToken(issued);
      use.textContent = "Token in use";
      use.disabled = true;
    });
    nodes.push(h("div", { class: "actions" }, use));
  }
  return nodes;
}
