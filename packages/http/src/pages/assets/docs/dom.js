/**
 * Building the docs page's nodes: the page's fixed elements, a small createElement helper, prose
 * with code spans, method badges and the page-wide error. Text always goes in as text nodes.
 */

const BACKTICK = "\u0060";

export const $ = (id) => document.getElementById(id);
export const ui = {
  navList: $("docs-nav-list"),
  filter: $("docs-filter"),
  view: $("docs-view"),
  error: $("docs-error"),
  token: $("docs-token"),
  tokenToggle: $("docs-token-toggle"),
  tokenClear: $("docs-token-clear"),
};

/** h("p", { class: "x" }, "text", child): attributes via setAttribute, text via text nodes. */
export function h(tag, attrs, ...children) {
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
export function prose(text, className) {
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

export function methodBadge(method) {
  return h("span", { class: "method method-" + method, text: method.toUpperCase() });
}

export function showError(message) {
  ui.error.textContent = message;
  ui.error.hidden = false;
}
