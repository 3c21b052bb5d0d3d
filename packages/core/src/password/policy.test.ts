import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../error";
import { checkPasswordStrength, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./policy";
import { PasswordError } from "./errors";
import { strengthEstimator } from "./strength-estimator";

const EMAIL = "ada.lovelace@example.com";
const GOOD = "plum orbit canyon lantern 7";

/** The DomainError the check throws, or a test failure when it does not throw one. */
async function refusal(password: string, email = EMAIL): Promise<DomainError> {
  try {
    await checkPasswordStrength(password, email);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("password.too_weak");
    return error as DomainError;
  }
  throw new Error(`expected ${JSON.stringify(password)} to be refused`);
}

describe("checkPasswordStrength", () => {
  it("accepts a long passphrase", async () => {
    await expect(checkPasswordStrength(GOOD, EMAIL)).resolves.toBeUndefined();
  });

  it("has the NIST limits 12 and 128", () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
  });

  it("refuses fewer than 12 characters", async () => {
    expect((await refusal("Xq7#vL2!pZ9")).message).toMatch(/at least 12/);
    expect((await refusal("")).message).toMatch(/at least 12/);
  });

  it("refuses more than 128 characters and accepts exactly 128", async () => {
    const long = "correct horse battery staple ".repeat(5); // 145
    expect((await refusal(long.slice(0, 129))).message).toMatch(/at most 128/);
    expect((await refusal(long)).message).toMatch(/at most 128/);
    expect(long.slice(0, 128)).toHaveLength(128);
    await expect(checkPasswordStrength(long.slice(0, 128), EMAIL)).resolves.toBeUndefined();
  });

  it("refuses fewer than 12 Unicode code points even when they take 12+ UTF-16 units (NIST SP 800-63B)", async () => {
    // 11 distinct emoji: 11 characters (22 UTF-16 units) is below the minimum.
    const eleven = "🦊🐙🦉🐝🦋🐢🦀🐬🦩🐌🦔";
    expect([...eleven]).toHaveLength(11);
    expect((await refusal(eleven)).message).toMatch(/at least 12/);
  });

  it("accepts up to 128 Unicode code points even when they take more UTF-16 units", async () => {
    // 100 distinct-ish emoji characters (200 UTF-16 units) is within the maximum.
    const hundred = Array.from({ length: 100 }, (_, i) => String.fromCodePoint(0x1f400 + i)).join("");
    expect([...hundred]).toHaveLength(100);
    await expect(checkPasswordStrength(hundred, EMAIL)).resolves.toBeUndefined();
  });

  it.each(["password1234", "qwertyuiop123", "Password1234", "123456789012", "aaaaaaaaaaaa"])("refuses the common password %s", async (password) => {
    expect((await refusal(password)).message).toMatch(/too easy to guess/);
  });

  it("refuses a password containing the email, whatever the case", async () => {
    expect((await refusal(`x${EMAIL}!Q9z`)).message).toMatch(/email/);
    expect((await refusal(`X${EMAIL.toUpperCase()}!Q9z`)).message).toMatch(/email/);
  });

  it("refuses a password containing the email's local part, whatever the case", async () => {
    expect((await refusal("zebra Ada.Lovelace quartz 42")).message).toMatch(/email/);
    expect((await refusal("zebra ada.lovelace quartz 42")).message).toMatch(/email/);
    expect((await refusal("plum orbit canyon lantern 7", "Lantern@example.com")).message).toMatch(/email/);
  });

  it("passes on zxcvbn's suggestions as details", async () => {
    const error = await refusal("password1234");
    expect(Array.isArray(error.details?.suggestions)).toBe(true);
  });

  it("builds its errors through the catalog", () => {
    const error = PasswordError.tooWeak("why", ["try this"]);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe("password.too_weak");
    expect(error.message).toBe("why");
    expect(error.details).toEqual({ suggestions: ["try this"] });
    expect(PasswordError.tooWeak("why").details).toEqual({ suggestions: [] });
  });
});

describe("strengthEstimator", () => {
  it("loads the dictionaries once and hands every caller the same estimator", async () => {
    const [first, second] = await Promise.all([strengthEstimator(), strengthEstimator()]);
    expect(first).toBe(second);
    expect(await strengthEstimator()).toBe(first);
  });

  // Its dictionaries are copied into prototype-less objects for speed: the estimate must stay zxcvbn's own.
  const stock = new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...english.dictionary }, graphs: common.adjacencyGraphs, translations: english.translations });
  const sameAsStock = async (password: string, inputs: string[]) => {
    const ours = (await strengthEstimator()).check(password, inputs);
    const theirs = stock.check(password, inputs);
    expect({ guesses: ours.guesses, score: ours.score, feedback: ours.feedback }).toEqual({ guesses: theirs.guesses, score: theirs.score, feedback: theirs.feedback });
  };

  it("estimates as stock zxcvbn does: words, l33t, reversed, keyboard walks, dates, the user's own words", async () => {
    const inputs = [EMAIL, "ada.lovelace"];
    for (const password of [GOOD, "Tr0ub4dor&3", "p@ssw0rd123!", "drowssapdrowssap", "qwertyuiop1234", "1987-06-05 hello", "ada.lovelace!2024", "correct horse battery staple"]) {
      await sameAsStock(password, inputs);
    }
  });

  it("takes no name of Object.prototype for a word, as stock zxcvbn does", async () => {
    // To stock zxcvbn, `constructor` and `__proto__` are dictionary words: a sequence of "ordinal numbers" here.
    const password = "constructor __proto__ tostring";
    expect(stock.check(password).sequence[0]).toMatchObject({ pattern: "wordSequence", token: "constructor __proto__" });
    const ours = (await strengthEstimator()).check(password);
    expect(ours.sequence.map((match) => match.pattern)).not.toContain("wordSequence");
    expect(ours.guesses).toBeGreaterThan(stock.check(password).guesses);
  });

  it("estimates as stock zxcvbn does for any password", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 24, unit: fc.constantFrom(..."aeilnorst017!@$ |_-^".split("")) }), (password) => sameAsStock(password, [EMAIL])),
      { numRuns: 150 },
    );
  });
});
