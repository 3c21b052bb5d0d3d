import { ApiClient } from "@roster/core";
import { z } from "zod";
import { parseForm, type FormErrors, type FormValues } from "../forms";

type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FormErrors };

/**
 * A key pasted into the form, as the API takes it: a JWK object when the text is JSON, the text
 * itself otherwise (a PEM block, which the API reads and refuses in its own words when it is not
 * one). What only a form can get wrong (nothing pasted, JSON cut short, a whole key set) is said here.
 */
export function keyFromText(text: string): { ok: true; key: string | Record<string, unknown> } | { ok: false; message: string } {
  const pasted = text.trim();
  if (!pasted) return { ok: false, message: "Paste the client's public key: a PEM block (-----BEGIN PUBLIC KEY-----) or a JWK." };
  if (!pasted.startsWith("{")) return { ok: true, key: pasted };
  let parsed: unknown;
  try {
    parsed = JSON.parse(pasted);
  } catch {
    return { ok: false, message: "This looks like a JWK but is not valid JSON: paste the whole key, from { to }." };
  }
  if (!isRecord(parsed)) return { ok: false, message: "A JWK is a JSON object: paste the key itself." };
  if (Array.isArray(parsed.keys)) return { ok: false, message: "This is a key set (JWKS): paste just the one key this client signs with." };
  return { ok: true, key: parsed };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Merges the key's verdict with the other fields', so one submission tells everything wrong with it. */
function withKey<T>(rest: Parsed<T>, keyText: string | undefined): Parsed<T & { publicKey: string | Record<string, unknown> }> {
  const key = keyFromText(keyText ?? "");
  if (rest.ok && key.ok) return { ok: true, data: { ...rest.data, publicKey: key.key } };
  return { ok: false, errors: { ...(rest.ok ? {} : rest.errors), ...(key.ok ? {} : { publicKey: key.message }) } };
}

/**
 * The New API client form: its scopes are the checked boxes, each a value of the repeated `scopes`
 * field; its keys are the pasted public key or, instead, the URL of the client's JWKS (an empty
 * field is one not given).
 */
export function parseCreateForm(values: FormValues, all: Record<string, string[]>): Parsed<ApiClient.CreateApiClientInput> {
  const rest = parseForm(ApiClient.CreateApiClientFields.omit({ publicKey: true, jwksUri: true }), { name: values.name ?? "", type: values.type ?? "", scopes: all.scopes ?? [] });
  const jwksUri = values.jwksUri?.trim() || undefined;
  if (jwksUri === undefined) return withKey(rest, values.publicKey);
  const source = parseForm(ApiClient.CreateApiClientFields.pick({ jwksUri: true }), { jwksUri });
  const [both] = ApiClient.keySourceIssues({ publicKey: values.publicKey?.trim() || undefined, jwksUri });
  const errors = { ...(rest.ok ? {} : rest.errors), ...(source.ok ? {} : source.errors), ...(both ? { [both.path]: both.message } : {}) };
  if (rest.ok && source.ok && !both) return { ok: true, data: { ...rest.data, jwksUri } };
  return { ok: false, errors };
}

/** Seconds arrive as text; an empty field is the API's default, 0 (the previous key ends at once). */
const Seconds = z
  .string()
  .trim()
  .transform((text, ctx) => {
    if (text === "") return 0;
    if (/^\d+$/.test(text)) return Number(text);
    ctx.addIssue({ code: "custom", message: "Give a whole number of seconds, from 0 to 86400." });
    return z.NEVER;
  })
  .pipe(ApiClient.RotateApiClientKeyInput.shape.previousKeyValidSeconds.unwrap());

const RotateRest = z.object({ previousKeyValidSeconds: Seconds });

export function parseRotateForm(values: FormValues): Parsed<ApiClient.RotateApiClientKeyInput> {
  return withKey(parseForm(RotateRest, { previousKeyValidSeconds: values.previousKeyValidSeconds ?? "" }), values.publicKey);
}

/** A refusal of the key (not a key, a private one, the current one) belongs beside the key's field. */
export const keyRefusal = (errors: FormErrors, code: string): FormErrors =>
  code === "api_client.invalid_key" && errors._form ? { publicKey: errors._form } : errors;
