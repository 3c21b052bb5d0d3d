/**
 * The API description as loaded from /openapi.json, and reading its schemas: $ref pointers, the
 * OpenAPI 3.1 "X or null" shapes, a schema's types and an object's properties (allOf merged).
 */

export let spec = null;

/** Only the entry (docs.js) loads the description; every other part reads `spec`. */
export function setSpec(value) {
  spec = value;
}

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
export function deref(schema) {
  let current = schema;
  let name = null;
  for (let hops = 0; current && typeof current === "object" && typeof current.$ref === "string" && hops < 32; hops += 1) {
    name = refName(current.$ref);
    current = pointer(current.$ref);
  }
  return { schema: current && typeof current === "object" ? current : {}, name };
}

export function isNullSchema(schema) {
  const s = deref(schema).schema;
  return s.type === "null" || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null);
}

/** Unwraps the common 3.1 "X or null" shapes: anyOf/oneOf [X, {type: null}] and type [T, "null"]. */
export function unwrapNullable(schema) {
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

export function typesOf(s) {
  if (Array.isArray(s.type)) return s.type.filter((t) => t !== "null");
  if (typeof s.type === "string") return [s.type];
  if (s.properties || s.additionalProperties) return ["object"];
  if (s.items) return ["array"];
  return [];
}

export function objectShape(s) {
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
