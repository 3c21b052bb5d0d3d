import { Audit } from "@roster/core";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync("README.md", "utf8");

describe("README", () => {
  it("lists every audit event type of the catalog", () => {
    const missing = Audit.AUDIT_EVENT_TYPES.filter((type) => !readme.includes(`| \`${type}\` |`));
    expect(missing).toEqual([]);
  });

  it("gives the quick start and the test command", () => {
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test");
  });
});
