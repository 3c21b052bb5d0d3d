/**
 * The description's operations: one entry per path and method (with its merged parameters, a
 * unique slug and its first tag), the tags in order, and whether an operation takes the token.
 */

import { deref, spec } from "./document.js";

const METHODS = ["get", "post", "put", "patch", "delete", "head", "options", "trace"];

/** The description's operations, in its order: empty until the description is loaded. */
export let operations = [];

/** Set by the entry (docs.js) once the description is loaded. */
export function setOperations(list) {
  operations = list;
}

function resolveParameter(p) {
  return deref(p).schema;
}

function slugFor(method, path, op) {
  const base = op.operationId ? String(op.operationId) : method + "-" + path;
  return base.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "");
}

export function collectOperations() {
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

export function tagOrder() {
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
export function usesAuth(op) {
  const security = Array.isArray(op.security) ? op.security : spec.security;
  if (!Array.isArray(security)) return true;
  return security.some((requirement) => requirement && Object.keys(requirement).length > 0);
}
