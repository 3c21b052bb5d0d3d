/**
 * Example values for "Try it": a schema's own example or default when it has one, else a typed
 * placeholder, written out as JSON or a form body.
 */

import { isNullSchema, objectShape, typesOf, unwrapNullable } from "./document.js";

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

export function bodyExample(media, mediaType) {
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
