import { describe, expect, it } from "vitest";
import { and, equals, exists, expr, ifAbsent, increment, or, path, projection, render, update } from "./expression";

describe("expr and render", () => {
  it("gives every attribute name and value a placeholder, shared across the request's expressions", () => {
    const rendered = render({
      update: update({ set: { status: "ACTIVE", version: increment() }, add: { sessionEpoch: 1 }, remove: ["totpSecret"] }),
      condition: and(equals("status", "INVITED"), expr`${path("version")} = ${3}`),
    });
    expect(rendered).toEqual({
      UpdateExpression: "SET #n0 = :v0, #n1 = #n1 + :v1 ADD #n2 :v2 REMOVE #n3",
      ConditionExpression: "#n0 = :v3 AND #n1 = :v4",
      ExpressionAttributeNames: { "#n0": "status", "#n1": "version", "#n2": "sessionEpoch", "#n3": "totpSecret" },
      ExpressionAttributeValues: { ":v0": "ACTIVE", ":v1": 1, ":v2": 1, ":v3": "INVITED", ":v4": 3 },
    });
  });

  it("renders nested paths, sets, if_not_exists and projections", () => {
    const slug = new Set(["acme"]);
    expect(render({ update: update({ set: { "user.displayName": "Ada", count: ifAbsent(0) }, delete: { memberTenants: slug } }), projection: projection("id", "user.email") })).toEqual({
      UpdateExpression: "SET #n0.#n1 = :v0, #n2 = if_not_exists(#n2, :v1) DELETE #n3 :v2",
      ProjectionExpression: "#n4, #n0.#n5",
      ExpressionAttributeNames: { "#n0": "user", "#n1": "displayName", "#n2": "count", "#n3": "memberTenants", "#n4": "id", "#n5": "email" },
      ExpressionAttributeValues: { ":v0": "Ada", ":v1": 0, ":v2": slug },
    });
  });

  it("leaves out absent conditions and does not wrap a lone one", () => {
    expect(render({ condition: and(undefined, exists(), false) })).toEqual({ ConditionExpression: "attribute_exists(#n0)", ExpressionAttributeNames: { "#n0": "pk" } });
    expect(render({ condition: and() })).toEqual({});
  });

  it("puts parentheses only where they change the meaning: DynamoDB refuses redundant ones", () => {
    const condition = (e: ReturnType<typeof and>) => render({ condition: e }).ConditionExpression;
    expect(condition(or(equals("a", 1), and(equals("b", 2), equals("c", 3))))).toBe("#n0 = :v0 OR #n1 = :v1 AND #n2 = :v2");
    expect(condition(and(equals("a", 1), or(equals("b", 2), equals("c", 3))))).toBe("#n0 = :v0 AND (#n1 = :v1 OR #n2 = :v2)");
    expect(condition(and(and(equals("a", 1), equals("b", 2)), equals("c", 3)))).toBe("#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2");
    // An OR written inside a template counts, one already in parentheses is not wrapped again.
    expect(condition(and(exists(), expr`attribute_not_exists(${path("t")}) OR ${path("t")} < ${5}`))).toBe("attribute_exists(#n0) AND (attribute_not_exists(#n1) OR #n1 < :v0)");
    expect(condition(and(exists(), expr`(${path("a")} = ${1} OR ${path("b")} = ${2})`))).toBe("attribute_exists(#n0) AND (#n1 = :v0 OR #n2 = :v1)");
  });


  it("skips SET entries whose value is undefined", () => {
    expect(render({ update: update({ set: { a: 1, b: undefined } }) }).UpdateExpression).toBe("SET #n0 = :v0");
  });
});
