import { describe, expect, it } from "vitest";
import { parseJavaMajorVersion } from "./java-version";

describe("parseJavaMajorVersion", () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6)', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_292"\nJava(TM) SE Runtime Environment', 8],
    ['openjdk version "11.0.2" 2019-01-15', 11],
    ['Picked up JAVA_TOOL_OPTIONS: -Xmx1g\nopenjdk version "22-ea" 2024-03-19', 22],
  ])("reads %j as %i", (output, major) => {
    expect(parseJavaMajorVersion(output)).toBe(major);
  });

  it("returns undefined when there is no version line", () => {
    expect(parseJavaMajorVersion("command not found")).toBeUndefined();
  });
});
