/**
 * The docs page's two views: the overview (title, description, security schemes) and one
 * operation (parameters, request body, responses, then its "Try it" panel).
 */

import { deref, spec, unwrapNullable } from "./document.js";
import { h, methodBadge, prose, ui } from "./dom.js";
import { operations, tagOrder, usesAuth } from "./operations.js";
import { constraintSpans, describe, schemaView, typeLabel } from "./schema.js";
import { STATUS_TEXT } from "./status-text.js";
import { tryPanel } from "./try-it.js";

export function renderOverview() {
  const info = spec.info || {};
  const schemes = (spec.components && spec.components.securitySchemes) || {};
  const view = h(
    "article",
    null,
    h("h1", { tabindex: "-1", text: (info.title || "API") + (info.version ? " " + info.version : "") }),
    prose(info.description) || h("p", { class: "muted", text: "Choose an operation on the left." }),
    h("p", { class: "muted" }, operations.length + " operations in " + tagOrder().length + " groups. Raw document: ", h("a", { href: "/openapi.json", text: "/openapi.json" }), "."),
  );
  const schemeNames = Object.keys(schemes);
  if (schemeNames.length) {
    view.appendChild(h("h3", { text: "Security schemes" }));
    const table = h("table", { class: "params" }, h("thead", null, h("tr", null, h("th", { text: "Name" }), h("th", { text: "Type" }), h("th", { text: "Description" }))));
    const body = h("tbody");
    schemeNames.forEach((name) => {
      const s = deref(schemes[name]).schema;
      body.appendChild(
        h("tr", null, h("td", null, h("code", { text: name })), h("td", { text: [s.type, s.scheme, s.bearerFormat].filter(Boolean).join(" · ") }), h("td", null, prose(s.description))),
      );
    });
    table.appendChild(body);
    view.appendChild(table);
  }
  ui.view.replaceChildren(view);
}

export function renderOperation(o) {
  const op = o.op;
  const title = h("h2", { tabindex: "-1" }, methodBadge(o.method), h("span", { class: "path", text: o.path }));
  const view = h(
    "article",
    { "aria-labelledby": "op-title" },
    h("p", { class: "muted", text: o.tag }),
    title,
    op.summary ? h("p", null, h("strong", { text: op.summary })) : null,
    prose(op.description),
    op.deprecated ? h("p", { class: "notice notice-error", text: "Deprecated: avoid in new integrations." }) : null,
    h("p", { class: "muted", text: usesAuth(op) ? "Requires a bearer token." : "No authentication." }),
  );
  title.id = "op-title";

  if (o.params.length) {
    view.appendChild(h("h3", { text: "Parameters" }));
    const tbody = h("tbody");
    o.params.forEach((p) => {
      tbody.appendChild(
        h(
          "tr",
          null,
          h("td", null, h("code", { text: p.name }), p.required ? h("span", { class: "schema" }, h("span", { class: "required", text: "required" })) : null),
          h("td", { text: p.in }),
          h("td", null, h("span", { class: "schema" }, h("span", { class: "type", text: typeLabel(p.schema || {}) }), constraintSpans(unwrapNullable(p.schema || {}).schema))),
          h("td", null, prose(p.description)),
        ),
      );
    });
    view.appendChild(
      h("table", { class: "params" }, h("thead", null, h("tr", null, h("th", { text: "Name" }), h("th", { text: "In" }), h("th", { text: "Type" }), h("th", { text: "Description" }))), tbody),
    );
  }

  const requestBody = op.requestBody ? deref(op.requestBody).schema : null;
  if (requestBody && requestBody.content) {
    view.appendChild(h("h3", { text: "Request body" + (requestBody.required ? " (required)" : "") }));
    const desc = prose(requestBody.description);
    if (desc) view.appendChild(desc);
    Object.keys(requestBody.content).forEach((mediaType) => {
      view.appendChild(h("p", { class: "muted" }, h("code", { text: mediaType })));
      view.appendChild(schemaView(requestBody.content[mediaType].schema || {}));
    });
  }

  const responses = op.responses || {};
  const codes = Object.keys(responses);
  if (codes.length) {
    view.appendChild(h("h3", { text: "Responses" }));
    codes.forEach((code) => view.appendChild(responseView(code, deref(responses[code]).schema)));
  }

  view.appendChild(tryPanel(o, requestBody));
  ui.view.replaceChildren(view);
  document.title = o.method.toUpperCase() + " " + o.path + " · Roster API";
}

function responseView(code, response) {
  const details = h(
    "details",
    { class: "response" },
    h("summary", null, h("span", { class: "status-code status-" + String(code).charAt(0), text: code }), h("span", { text: response.description || STATUS_TEXT[code] || "" })),
  );
  if (/^2/.test(code)) details.open = true;
  const inner = h("div");
  const headers = response.headers || {};
  const headerNames = Object.keys(headers);
  if (headerNames.length) {
    inner.appendChild(h("p", { class: "muted", text: "Headers" }));
    inner.appendChild(
      h(
        "ul",
        { class: "schema" },
        headerNames.map((name) => {
          const header = deref(headers[name]).schema;
          return h("li", null, h("span", { class: "prop-name", text: name }), h("span", { class: "type", text: typeLabel(header.schema || {}) }), describe(header.description));
        }),
      ),
    );
  }
  const content = response.content || {};
  Object.keys(content).forEach((mediaType) => {
    inner.appendChild(h("p", { class: "muted" }, h("code", { text: mediaType })));
    inner.appendChild(schemaView(content[mediaType].schema || {}));
  });
  if (!inner.childNodes.length) inner.appendChild(h("p", { class: "muted", text: "No body." }));
  details.appendChild(inner);
  return details;
}
