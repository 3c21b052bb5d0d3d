/**
 * Rendering a schema: its type as a short label, its constraints, and the readable tree of
 * properties (types, requiredness, constraints, descriptions) shown for bodies and responses.
 */

import { objectShape, typesOf, unwrapNullable } from "./document.js";
import { h } from "./dom.js";

export function typeLabel(schema, depth) {
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

/** Renders a schema as a readable tree: properties, types, requiredness, constraints, descriptions. */
export function schemaView(schema) {
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

export function constraintSpans(s) {
  return constraints(s).map((c) => h("span", { class: "constraint", text: c }));
}

export function describe(text) {
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
