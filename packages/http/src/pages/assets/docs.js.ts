/**
 * Browser script of GET /docs: renders the API reference from /openapi.json and sends "Try it"
 * requests. Plain ES2020, no dependencies, served from /assets/docs.js (CSP `script-src 'self'`).
 * Every node is built with createElement/textContent: nothing from the document or from a
 * response is ever parsed as HTML. The string contains no backticks or `${` on purpose.
 */
export const docsJs = String.raw`(() => {
  "use strict";

  const TOKEN_KEY = "roster.docs.token";
  const METHODS = ["get", "post", "put", "patch", "delete", "head", "options", "trace"];
  const BACKTICK = "\u0060";
  const STATUS_TEXT = {
    200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 301: "Moved Permanently", 302: "Found",
    304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 409: "Conflict", 410: "Gone", 413: "Content Too Large", 415: "Unsupported Media Type",
    422: "Unprocessable Content", 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
    503: "Service Unavailable", 504: "Gateway Timeout",
  };
  /** Shown first in "Try it" answers: what a support ticket and a latency question need. */
  const KEY_HEADERS = ["x-request-id", "server-timing", "content-type", "retry-after", "location"];

  const $ = (id) => document.getElementById(id);
  const ui = {
    navList: $("docs-nav-list"),
    filter: $("docs-filter"),
    view: $("docs-view"),
    error: $("docs-error"),
    token: $("docs-token"),
    tokenToggle: $("docs-token-toggle"),
    tokenClear: $("docs-token-clear"),
  };

  let spec = null;
  let operations = [];

  // ---------- DOM helper ----------

  /** h("p", { class: "x" }, "text", child): attributes via setAttribute, text via text nodes. */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach((key) => {
        const value = attrs[key];
        if (value === undefined || value === null || value === false) return;
        if (key === "class") node.className = value;
        else if (key === "text") node.textContent = value;
        else if (key === "value") node.value = value;
        else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? "" : String(value));
      });
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    children.forEach((child) => {
      if (child === undefined || child === null || child === false) return;
      if (Array.isArray(child)) append(node, child);
      else if (typeof child === "string" || typeof child === "number") node.appendChild(document.createTextNode(String(child)));
      else node.appendChild(child);
    });
  }

  /** Plain text with blank-line paragraphs and backtick code spans, built as nodes (no markdown parser, no HTML). */
  function prose(text, className) {
    if (typeof text !== "string" || !text.trim()) return null;
    const wrap = h("div", { class: className || "prose" });
    text.split(/\n\s*\n/).forEach((paragraph) => {
      const p = h("p");
      paragraph.split(BACKTICK).forEach((part, i) => {
        if (!part) return;
        p.appendChild(i % 2 === 1 ? h("code", { text: part }) : document.createTextNode(part));
      });
      wrap.appendChild(p);
    });
    return wrap;
  }

  function methodBadge(method) {
    return h("span", { class: "method method-" + method, text: method.toUpperCase() });
  }

  function showError(message) {
    ui.error.textContent = message;
    ui.error.hidden = false;
  }

  // ---------- the document ----------

  function pointer(ref) {
    if (typeof ref !== "string" || !ref.startsWith("#/")) return undefined;
    let node = spec;
    for (const raw of ref.slice(2).split("/")) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      if (node === null || typeof node !== "object") return undefined;
      node = node[key];
    }
    return node;
  }

  function refName(ref) {
    const parts = String(ref).split("/");
    return parts[parts.length - 1] || String(ref);
  }

  /** Follows $ref chains; returns the schema and the name of the last component it came from. */
  function deref(schema) {
    let current = schema;
    let name = null;
    for (let hops = 0; current && typeof current === "object" && typeof current.$ref === "string" && hops < 32; hops += 1) {
      name = refName(current.$ref);
      current = pointer(current.$ref);
    }
    return { schema: current && typeof current === "object" ? current : {}, name };
  }

  function isNullSchema(schema) {
    const s = deref(schema).schema;
    return s.type === "null" || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null);
  }

  /** Unwraps the common 3.1 "X or null" shapes: anyOf/oneOf [X, {type: null}] and type [T, "null"]. */
  function unwrapNullable(schema) {
    const { schema: s, name } = deref(schema);
    const variants = s.anyOf || s.oneOf;
    if (Array.isArray(variants)) {
      const rest = variants.filter((v) => !isNullSchema(v));
      if (rest.length === 1 && rest.length < variants.length) {
        const inner = unwrapNullable(rest[0]);
        return { schema: inner.schema, name: inner.name || name, nullable: true, description: s.description || inner.description };
      }
    }
    let nullable = s.nullable === true;
    if (Array.isArray(s.type) && s.type.includes("null")) nullable = true;
    return { schema: s, name, nullable, description: s.description };
  }

  function typesOf(s) {
    if (Array.isArray(s.type)) return s.type.filter((t) => t !== "null");
    if (typeof s.type === "string") return [s.type];
    if (s.properties || s.additionalProperties) return ["object"];
    if (s.items) return ["array"];
    return [];
  }

  function typeLabel(schema, depth) {
    const level = depth || 0;
    const u = unwrapNullable(schema);
    const s = u.schema;
    let label;
    if (level > 4) label = u.name || "…";
    else if (s.const !== undefined) label = JSON.stringify(s.const);
    else if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) {
      label = (s.oneOf || s.anyOf).map((v) => typeLabel(v, level + 1)).join(" | ");
    } else if (Array.isArray(s.allOf)) label = u.name || s.allOf.map((v) => typeLabel(v, level + 1)).join(" & ");
    else {
      const types = typesOf(s);
      if (types.length === 1 && types[0] === "array") label = "array<" + (s.items ? typeLabel(s.items, level + 1) : "any") + ">";
      else if (types.length === 1 && types[0] === "object" && u.name) label = u.name;
      else label = types.length ? types.join(" | ") : u.name || "any";
      if (s.format) label += " (" + s.format + ")";
    }
    return u.nullable ? label + " | null" : label;
  }

  function constraints(s) {
    const out = [];
    if (Array.isArray(s.enum)) out.push("one of: " + s.enum.map((v) => JSON.stringify(v)).join(", "));
    if (s.minLength !== undefined) out.push("min length " + s.minLength);
    if (s.maxLength !== undefined) out.push("max length " + s.maxLength);
    if (s.minimum !== undefined) out.push("≥ " + s.minimum);
    if (s.exclusiveMinimum !== undefined && typeof s.exclusiveMinimum === "number") out.push("> " + s.exclusiveMinimum);
    if (s.maximum !== undefined) out.push("≤ " + s.maximum);
    if (s.exclusiveMaximum !== undefined && typeof s.exclusiveMaximum === "number") out.push("< " + s.exclusiveMaximum);
    if (s.minItems !== undefined) out.push("min items " + s.minItems);
    if (s.maxItems !== undefined) out.push("max items " + s.maxItems);
    if (s.pattern) out.push("pattern " + s.pattern);
    if (s.default !== undefined) out.push("default " + JSON.stringify(s.default));
    if (s.readOnly) out.push("read-only");
    if (s.writeOnly) out.push("write-only");
    if (s.deprecated) out.push("deprecated");
    return out;
  }

  function objectShape(s) {
    if (Array.isArray(s.allOf)) {
      const merged = { properties: {}, required: [] };
      s.allOf.forEach((part) => {
        const inner = objectShape(deref(part).schema);
        Object.assign(merged.properties, inner.properties);
        merged.required = merged.required.concat(inner.required);
      });
      return merged;
    }
    return { properties: s.properties || {}, required: Array.isArray(s.required) ? s.required : [], additional: s.additionalProperties };
  }

  /** Renders a schema as a readable tree: properties, types, requiredness, constraints, descriptions. */
  function schemaView(schema) {
    return h("div", { class: "schema" }, schemaBody(schema, 0, []));
  }

  function schemaBody(schema, depth, seen) {
    const u = unwrapNullable(schema);
    const s = u.schema;
    if (depth > 6 || (u.name && seen.includes(u.name))) {
      return h("p", { class: "muted" }, "See ", h("code", { text: u.name || "above" }), " (recursive).");
    }
    const trail = u.name ? seen.concat([u.name]) : seen;
    const variants = s.oneOf || s.anyOf;
    if (Array.isArray(variants)) {
      return h(
        "div",
        null,
        h("p", { class: "muted", text: s.oneOf ? "One of:" : "Any of:" }),
        h(
          "ul",
          null,
          variants.map((variant, i) =>
            h(
              "li",
              null,
              h("span", { class: "prop-name", text: "option " + (i + 1) }),
              h("span", { class: "type", text: typeLabel(variant) }),
              nested(variant, depth + 1, trail),
            ),
          ),
        ),
      );
    }
    const types = typesOf(s);
    if (types.includes("object") || s.properties || Array.isArray(s.allOf)) {
      const shape = objectShape(s);
      const names = Object.keys(shape.properties);
      const items = names.map((name) => propertyItem(name, shape.properties[name], shape.required.includes(name), depth, trail));
      if (shape.additional && typeof shape.additional === "object") {
        items.push(
          h(
            "li",
            null,
            h("span", { class: "prop-name", text: "[key: string]" }),
            h("span", { class: "type", text: typeLabel(shape.additional) }),
            nested(shape.additional, depth + 1, trail),
          ),
        );
      }
      if (!items.length) return h("p", { class: "muted" }, h("span", { class: "type", text: "object" }), " (no fixed properties)");
      return h("ul", null, items);
    }
    if (types.includes("array") && s.items) {
      return h(
        "div",
        null,
        h("p", null, h("span", { class: "type", text: typeLabel(s) }), constraintSpans(s)),
        nested(s.items, depth + 1, trail),
      );
    }
    return h("p", null, h("span", { class: "type", text: typeLabel(schema) }), constraintSpans(s), describe(u.description));
  }

  function constraintSpans(s) {
    return constraints(s).map((c) => h("span", { class: "constraint", text: c }));
  }

  function describe(text) {
    return typeof text === "string" && text ? h("span", { class: "desc", text }) : null;
  }

  /** Expands a property's own structure when it has one (objects, arrays of objects, unions). */
  function nested(schema, depth, seen) {
    const u = unwrapNullable(schema);
    const s = u.schema;
    if (u.name && seen.includes(u.name)) return h("span", { class: "desc" }, "Same shape as ", h("code", { text: u.name }), ".");
    const types = typesOf(s);
    const composite = Array.isArray(s.oneOf) || Array.isArray(s.anyOf) || Array.isArray(s.allOf);
    if (composite || s.properties || (types.includes("object") && s.additionalProperties)) return schemaBody(schema, depth, seen);
    if (types.includes("array") && s.items) {
      const item = unwrapNullable(s.items).schema;
      const itemComposite = Array.isArray(item.oneOf) || Array.isArray(item.anyOf) || Array.isArray(item.allOf);
      if (item.properties || itemComposite) return schemaBody(s.items, depth, seen);
    }
    return null;
  }

  function propertyItem(name, schema, required, depth, seen) {
    const u = unwrapNullable(schema);
    return h(
      "li",
      null,
      h("span", { class: "prop-name", text: name }),
      h("span", { class: "type", text: typeLabel(schema) }),
      required ? h("span", { class: "required", text: "required" }) : null,
      constraintSpans(u.schema),
      describe(u.description),
      nested(schema, depth + 1, seen),
    );
  }

  // ---------- examples ----------

  function stringExample(s) {
    switch (s.format) {
      case "email":
        return "user@example.com";
      case "date-time":
        return new Date(Date.UTC(2025, 0, 1)).toISOString();
      case "date":
        return "2025-01-01";
      case "uri":
      case "url":
        return "https://example.com";
      case "uuid":
        return "00000000-0000-4000-8000-000000000000";
      default:
        return "string";
    }
  }

  /** A skeleton value for a schema: its own example/default when it has one, else a typed placeholder. */
  function exampleOf(schema, depth, seen, forRequest) {
    const u = unwrapNullable(schema);
    const s = u.schema;
    if (depth > 6 || (u.name && seen.includes(u.name))) return null;
    const trail = u.name ? seen.concat([u.name]) : seen;
    if (s.example !== undefined) return s.example;
    if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
    if (s.default !== undefined) return s.default;
    if (s.const !== undefined) return s.const;
    if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
    const variants = s.oneOf || s.anyOf;
    if (Array.isArray(variants) && variants.length) {
      const first = variants.find((v) => !isNullSchema(v)) || variants[0];
      return exampleOf(first, depth + 1, trail, forRequest);
    }
    const types = typesOf(s);
    if (types.includes("object") || s.properties || Array.isArray(s.allOf)) {
      const shape = objectShape(s);
      const out = {};
      Object.keys(shape.properties).forEach((name) => {
        const prop = unwrapNullable(shape.properties[name]).schema;
        if (forRequest && prop.readOnly) return;
        out[name] = exampleOf(shape.properties[name], depth + 1, trail, forRequest);
      });
      return out;
    }
    if (types.includes("array")) return s.items ? [exampleOf(s.items, depth + 1, trail, forRequest)] : [];
    if (types.includes("string")) return stringExample(s);
    if (types.includes("integer") || types.includes("number")) return typeof s.minimum === "number" ? s.minimum : 0;
    if (types.includes("boolean")) return false;
    return null;
  }

  function bodyExample(media, mediaType) {
    const value = media.example !== undefined ? media.example : exampleOf(media.schema || {}, 0, [], true);
    if (/x-www-form-urlencoded/.test(mediaType)) {
      const params = new URLSearchParams();
      if (value && typeof value === "object") {
        Object.keys(value).forEach((key) => params.append(key, value[key] === null || value[key] === undefined ? "" : String(value[key])));
      }
      return params.toString();
    }
    if (/json/.test(mediaType)) return JSON.stringify(value, null, 2);
    return typeof value === "string" ? value : "";
  }

  // ---------- operations ----------

  function resolveParameter(p) {
    return deref(p).schema;
  }

  function slugFor(method, path, op) {
    const base = op.operationId ? String(op.operationId) : method + "-" + path;
    return base.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function collectOperations() {
    const list = [];
    const used = new Set();
    const paths = spec.paths || {};
    Object.keys(paths).forEach((path) => {
      const item = paths[path] || {};
      const shared = Array.isArray(item.parameters) ? item.parameters.map(resolveParameter) : [];
      METHODS.forEach((method) => {
        const op = item[method];
        if (!op || typeof op !== "object") return;
        const own = Array.isArray(op.parameters) ? op.parameters.map(resolveParameter) : [];
        const params = shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)).concat(own);
        let slug = slugFor(method, path, op);
        while (used.has(slug)) slug += "-";
        used.add(slug);
        list.push({ slug, method, path, op, params, tag: Array.isArray(op.tags) && op.tags.length ? String(op.tags[0]) : "Other" });
      });
    });
    return list;
  }

  function tagOrder() {
    const order = [];
    (Array.isArray(spec.tags) ? spec.tags : []).forEach((t) => {
      if (t && t.name && !order.includes(t.name)) order.push(t.name);
    });
    operations.forEach((o) => {
      if (!order.includes(o.tag)) order.push(o.tag);
    });
    return order.filter((tag) => operations.some((o) => o.tag === tag));
  }

  /** Whether "Try it" should send the bearer token: not when the operation says it needs none. */
  function usesAuth(op) {
    const security = Array.isArray(op.security) ? op.security : spec.security;
    if (!Array.isArray(security)) return true;
    return security.some((requirement) => requirement && Object.keys(requirement).length > 0);
  }

  // ---------- navigation ----------

  function renderNav() {
    const container = h("div");
    tagOrder().forEach((tag) => {
      const ops = operations.filter((o) => o.tag === tag);
      const headingId = "nav-tag-" + tag.replace(/[^A-Za-z0-9]+/g, "-");
      const group = h("div", { class: "nav-group" }, h("h2", { id: headingId, text: tag }));
      const ul = h("ul", { "aria-labelledby": headingId });
      ops.forEach((o) => {
        const summary = o.op.summary || "";
        const link = h(
          "a",
          { class: "op-link", href: "#op/" + o.slug, title: summary || o.path, "data-slug": o.slug },
          methodBadge(o.method),
          h("span", { class: "op-path", text: o.path }),
        );
        const li = h("li", { "data-search": [o.method, o.path, summary, tag, o.op.operationId || ""].join(" ").toLowerCase() }, link);
        ul.appendChild(li);
      });
      group.appendChild(ul);
      container.appendChild(group);
    });
    ui.navList.replaceChildren(container);
  }

  function applyFilter() {
    const query = ui.filter.value.trim().toLowerCase();
    ui.navList.querySelectorAll(".nav-group").forEach((group) => {
      let visible = 0;
      group.querySelectorAll("li").forEach((li) => {
        const match = !query || (li.getAttribute("data-search") || "").includes(query);
        li.hidden = !match;
        if (match) visible += 1;
      });
      group.hidden = visible === 0;
    });
  }

  function markCurrent(slug) {
    ui.navList.querySelectorAll("a.op-link").forEach((a) => {
      if (a.getAttribute("data-slug") === slug) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
  }

  function route() {
    if (!spec) return;
    const match = /^#op\/(.+)$/.exec(location.hash);
    const slug = match ? decodeURIComponent(match[1]) : null;
    const found = slug ? operations.find((o) => o.slug === slug) : null;
    markCurrent(found ? found.slug : null);
    if (found) renderOperation(found);
    else renderOverview();
  }

  // ---------- pages ----------

  function renderOverview() {
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

  function renderOperation(o) {
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

  // ---------- try it ----------

  function tryPanel(o, requestBody) {
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

  // ---------- token ----------

  function storage() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null;
    }
  }

  function setToken(value) {
    ui.token.value = value;
    const store = storage();
    if (!store) return;
    if (value) store.setItem(TOKEN_KEY, value);
    else store.removeItem(TOKEN_KEY);
  }

  function initToken() {
    const store = storage();
    ui.token.value = (store && store.getItem(TOKEN_KEY)) || "";
    ui.token.addEventListener("input", () => setToken(ui.token.value.trim()));
    const form = $("docs-token-form");
    if (form) form.addEventListener("submit", (event) => event.preventDefault());
    ui.tokenClear.addEventListener("click", () => {
      setToken("");
      ui.token.focus();
    });
    ui.tokenToggle.addEventListener("click", () => {
      const reveal = ui.token.type === "password";
      ui.token.type = reveal ? "text" : "password";
      ui.tokenToggle.textContent = reveal ? "Hide" : "Show";
      ui.tokenToggle.setAttribute("aria-pressed", reveal ? "true" : "false");
    });
  }

  // ---------- start ----------

  async function load() {
    let response;
    try {
      response = await fetch("/openapi.json", { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error("HTTP " + response.status);
      spec = await response.json();
    } catch (error) {
      ui.navList.replaceChildren();
      ui.view.replaceChildren();
      showError("The API description (/openapi.json) could not be loaded: " + (error && error.message ? error.message : String(error)) + ".");
      return;
    }
    if (!spec || typeof spec !== "object") {
      showError("The API description is empty.");
      return;
    }
    operations = collectOperations();
    renderNav();
    applyFilter();
    route();
  }

  initToken();
  ui.filter.addEventListener("input", applyFilter);
  window.addEventListener("hashchange", () => {
    route();
    const heading = ui.view.querySelector("h1, h2");
    if (heading) heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  });
  load();
})();
`;
