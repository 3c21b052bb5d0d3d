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

describe("README configuration", () => {
  it("documents every ROSTER_* variable the code reads", async () => {
    const { execSync } = await import("node:child_process");
    const used = new Set(execSync("grep -rhoE 'ROSTER_[A-Z_]+' packages/core/src packages/http/src packages/local/src functions").toString().split("\n").filter(Boolean));
    const missing = [...used].filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
