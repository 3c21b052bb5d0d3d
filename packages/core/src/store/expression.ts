/**
 * DynamoDB expressions written as what they say: `expr`${path("status")} = ${"ACTIVE"}``, with
 * the `#name` and `:value` placeholders assigned when the expressions of one request are rendered
 * together (`render`). No code writes a placeholder by hand, so none can collide with another's
 * or be left without its value.
 *
 * Interpolated into `expr`: a `path(...)` is an attribute name, another `Expr` is nested as is,
 * anything else is a value.
 */
type Token = { text: string } | { path: string[] } | { value: unknown };

export class Expr {
  constructor(readonly tokens: readonly Token[]) {}
}

type Path = { path: string[] };

/** An attribute, or a nested one: `path("user.displayName")`. Roster's attribute names hold no dots. */
export const path = (name: string): Path => ({ path: name.split(".") });

const isPath = (part: unknown): part is Path => typeof part === "object" && part !== null && "path" in part && Array.isArray(part.path);

export function expr(strings: TemplateStringsArray, ...parts: unknown[]): Expr {
  const tokens: Token[] = [];
  strings.forEach((text, i) => {
    if (text) tokens.push({ text });
    if (i >= parts.length) return;
    const part = parts[i];
    if (part instanceof Expr) tokens.push(...part.tokens);
    else if (isPath(part)) tokens.push({ path: part.path });
    else tokens.push({ value: part });
  });
  return new Expr(tokens);
}

const join = (separator: string, exprs: readonly Expr[]): Expr | undefined => {
  if (exprs.length === 0) return undefined;
  if (exprs.length === 1) return exprs[0];
  const tokens: Token[] = [];
  exprs.forEach((e, i) => {
    if (i > 0) tokens.push({ text: separator });
    tokens.push(...e.tokens);
  });
  return new Expr(tokens);
};

/** Whether an OR stands outside every parenthesis of the expression (so AND would bind into it). */
function hasTopLevelOr(e: Expr): boolean {
  let depth = 0;
  for (const token of e.tokens) {
    if (!("text" in token)) continue;
    for (const [i, char] of [...token.text].entries()) {
      if (char === "(") depth++;
      else if (char === ")") depth--;
      else if (depth === 0 && token.text.startsWith(" OR ", i)) return true;
    }
  }
  return false;
}

type Condition = Expr | undefined | false | null;
const present = (conditions: Condition[]) => conditions.filter((e): e is Expr => e instanceof Expr);
const grouped = (e: Expr) => new Expr([{ text: "(" }, ...e.tokens, { text: ")" }]);

/**
 * All of these conditions, absent ones left out. Only an operand with an OR of its own is put in
 * parentheses: DynamoDB refuses parentheses that change nothing ("redundant parentheses").
 */
export const and = (...conditions: Condition[]): Expr | undefined =>
  join(" AND ", present(conditions).map((e) => (hasTopLevelOr(e) ? grouped(e) : e)));
/** Any of these conditions: AND binds tighter than OR, so no operand needs parentheses. */
export const or = (...conditions: Condition[]): Expr | undefined => join(" OR ", present(conditions));

export const exists = (name = "pk") => expr`attribute_exists(${path(name)})`;
export const absent = (name = "pk") => expr`attribute_not_exists(${path(name)})`;
export const equals = (name: string, value: unknown) => expr`${path(name)} = ${value}`;

/** A value SET computes from the item's own: `version = version + 1`, `x = if_not_exists(x, v)`. */
class Computed {
  constructor(readonly render: (target: Path) => Expr) {}
}
export const increment = (by = 1) => new Computed((target) => expr`${target} + ${by}`);
export const ifAbsent = (value: unknown) => new Computed((target) => expr`if_not_exists(${target}, ${value})`);
/** Another attribute's current value. */
export const valueOf = (name: string) => new Computed(() => expr`${path(name)}`);

export type UpdateSpec = {
  set?: Record<string, unknown>;
  /** Numbers are added (negative to subtract); sets are unioned. */
  add?: Record<string, number | Set<string>>;
  remove?: string[];
  /** Elements removed from a set. */
  delete?: Record<string, Set<string>>;
};

/** `SET a = :v, b = b + :w ADD c :x REMOVE d DELETE e :y`, from what to do with each attribute. */
/** Two changes of one item as one (a transaction touches an item once): sets and adds of `more` win, removals add up. */
export function mergeUpdates(spec: UpdateSpec, more: UpdateSpec): UpdateSpec {
  return { set: { ...spec.set, ...more.set }, add: { ...spec.add, ...more.add }, remove: [...(spec.remove ?? []), ...(more.remove ?? [])] };
}

export function update(spec: UpdateSpec): Expr {
  const clauses: Expr[] = [];
  const clause = (keyword: string, entries: Expr[]) => {
    const list = join(", ", entries);
    if (list) clauses.push(new Expr([{ text: `${keyword} ` }, ...list.tokens]));
  };
  clause(
    "SET",
    Object.entries(spec.set ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => (value instanceof Computed ? expr`${path(name)} = ${value.render(path(name))}` : expr`${path(name)} = ${value}`)),
  );
  clause("ADD", Object.entries(spec.add ?? {}).map(([name, value]) => expr`${path(name)} ${value}`));
  clause("REMOVE", (spec.remove ?? []).map((name) => expr`${path(name)}`));
  clause("DELETE", Object.entries(spec.delete ?? {}).map(([name, value]) => expr`${path(name)} ${value}`));
  return join(" ", clauses) ?? new Expr([]);
}

/** Attributes a read returns: `projection("id", "name")`. */
export const projection = (...names: string[]): Expr => join(", ", names.map((name) => expr`${path(name)}`)) ?? new Expr([]);

export type RenderedExpressions = {
  UpdateExpression?: string;
  ConditionExpression?: string;
  KeyConditionExpression?: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
};

type Parts = { update?: Expr; condition?: Expr; keyCondition?: Expr; filter?: Expr; projection?: Expr };

/** What a write's request takes: its update and condition, and their placeholders. */
export type RenderedWrite = Pick<RenderedExpressions, "UpdateExpression" | "ConditionExpression" | "ExpressionAttributeNames" | "ExpressionAttributeValues">;

export function renderWrite(parts: { update?: Expr; condition?: Expr }): RenderedWrite {
  const { UpdateExpression, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues } = render(parts);
  return Object.fromEntries(Object.entries({ UpdateExpression, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues }).filter(([, v]) => v !== undefined));
}
/** Each part and the request field it renders to, in the order placeholders are given out. */
const FIELDS = [
  ["update", "UpdateExpression"],
  ["condition", "ConditionExpression"],
  ["keyCondition", "KeyConditionExpression"],
  ["filter", "FilterExpression"],
  ["projection", "ProjectionExpression"],
] as const;

/**
 * The expressions of one request, with placeholders shared among them: one `#n` per attribute
 * name, one `:v` per value.
 */
export function render(parts: Parts): RenderedExpressions {
  const names = new Map<string, string>();
  const values: Record<string, unknown> = {};
  let valueCount = 0;
  const nameOf = (segment: string) => {
    let placeholder = names.get(segment);
    if (!placeholder) names.set(segment, (placeholder = `#n${names.size}`));
    return placeholder;
  };
  const out: RenderedExpressions = {};
  for (const [part, field] of FIELDS) {
    const e = parts[part];
    if (!e || e.tokens.length === 0) continue;
    out[field] = e.tokens
      .map((token) => {
        if ("text" in token) return token.text;
        if ("path" in token) return token.path.map(nameOf).join(".");
        const placeholder = `:v${valueCount++}`;
        values[placeholder] = token.value;
        return placeholder;
      })
      .join("");
  }
  if (names.size) out.ExpressionAttributeNames = Object.fromEntries([...names].map(([name, placeholder]) => [placeholder, name]));
  if (valueCount) out.ExpressionAttributeValues = values;
  return out;
}
