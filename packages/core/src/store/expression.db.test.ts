import { beforeAll, describe, expect, it } from "vitest";
import { freshTable } from "../../../../test/table";
import type { Db } from "./client";
import { and, equals, exists, expr, or, path, type Expr } from "./expression";
import { isConditionFailed } from "./transact";
import { putItem } from "./write";

let db: Db;
beforeAll(async () => {
  db = await freshTable();
  await putItem(db, "test.seed", { pk: "EXPR", sk: "ITEM", a: 1, b: 2, c: 3 });
});

/** Whether DynamoDB finds the condition true of the seeded item (a = 1, b = 2, c = 3). */
async function holds(condition: Expr | undefined): Promise<boolean> {
  try {
    await putItem(db, "test.check", { pk: "EXPR", sk: "ITEM", a: 1, b: 2, c: 3 }, condition);
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

describe("conditions as rendered, against DynamoDB", () => {
  // Each shape once true and once false, so the parenthesis are both accepted and meant as written.
  it.each<[string, Expr | undefined, boolean]>([
    ["AND of ORs", and(or(equals("a", 9), equals("b", 2)), or(equals("c", 3), equals("a", 9))), true],
    ["AND of ORs, one false", and(or(equals("a", 9), equals("b", 2)), or(equals("c", 9), equals("a", 9))), false],
    ["OR of ANDs", or(and(equals("a", 9), equals("b", 2)), and(equals("c", 3), exists("a"))), true],
    ["OR of ANDs, all false", or(and(equals("a", 9), equals("b", 2)), and(equals("c", 9), exists("a"))), false],
    ["AND nested in AND", and(and(equals("a", 1), equals("b", 2)), and(equals("c", 3))), true],
    ["a template's OR inside an AND", and(exists(), expr`attribute_not_exists(${path("z")}) OR ${path("c")} < ${2}`), true],
    ["a template's OR inside an AND, false", and(exists(), expr`attribute_exists(${path("z")}) OR ${path("c")} < ${2}`), false],
    ["an AND nested in an OR nested in an AND", and(equals("a", 1), or(equals("b", 9), and(equals("b", 2), equals("c", 3)))), true],
  ])("%s", async (_, condition, expected) => {
    expect(await holds(condition)).toBe(expected);
  });
});
