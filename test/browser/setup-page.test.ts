import { describe, expect, it } from "vitest";
import { GOOD_PASSWORD, type Harness } from "../harness";
import { stepOf, totpAt } from "../totp";
import { browserSuite, watchedPage, type WatchedPage } from "./served-app";

/**
 * The setup page in a real headless Chromium against the real app served over HTTP: the mailed
 * link is opened, the page talks to the API with its own script under its own CSP, and the
 * account it creates can sign in.
 */

const WAIT = { timeout: 10_000 };
const EMAIL = "browser.user@example.com";

let h: Harness;
let ownerToken: string;
let baseUrl: string;

const { newContext } = browserSuite((app) => {
  ({ h, ownerToken, baseUrl } = app);
});

async function openPage(): Promise<WatchedPage> {
  const context = await newContext();
  // The API's 4xx answers under test (weak password, unknown link) are logged by Chromium as
  // failed loads of that API call; nothing else may fail to load.
  return watchedPage(context, baseUrl, (text, url) => /^Failed to load resource: the server responded with a status of 4\d\d/.test(text) && url.startsWith(`${baseUrl}/v1/setup/`));
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("the setup page in Chromium", () => {
  it("opens the mailed link, shows a refused password next to its field, then sets the account up", async () => {
    const invited = await h.call("POST", "/v1/users", { token: ownerToken, body: { email: EMAIL, role: "OPERATOR" } });
    expect(invited.status).toBe(201);

    // The link as mailed, not the API's answer: this proves the mail's link works.
    const mails = await h.mailsTo(EMAIL);
    expect(mails).toHaveLength(1);
    const text = mails[0]!.body.text ?? "";
    const link = new RegExp(`${escapeRegExp(baseUrl)}/setup#token=st\\.usr_[0-9a-z]+\\.[A-Za-z0-9_-]{43}`).exec(text)?.[0];
    expect(link, `no setup link for ${baseUrl} in the mail's text:\n${text}`).toBeDefined();

    const { page, problems, cspViolations } = await openPage();
    await page.goto(link!);
    await expect.poll(() => page.locator("#setup-email").textContent(), WAIT).toBe(EMAIL);
    expect(page.url()).not.toContain("#token=");
    // The length rules come from GET /v1/setup/password-policy.
    await expect.poll(() => page.locator("#password").getAttribute("minlength"), WAIT).toBe("12");
    expect(await page.locator("#password").getAttribute("maxlength")).toBe("128");
    expect(await page.locator("#password-hint").textContent()).toMatch(/^At least 12 characters\. /);

    // Step 1 with a password the server refuses; the page only checks the policy's rules, so it goes through.
    await page.locator("#displayName").fill("Browser User");
    await page.locator("#password").fill("password12345");
    await page.locator("#to-authenticator").click();

    // Step 2: the key as an authenticator app would read it.
    const secretBox = page.locator("#totp-secret");
    await secretBox.waitFor({ state: "visible", ...WAIT });
    await expect.poll(() => secretBox.getAttribute("data-secret"), WAIT).toMatch(/^[A-Z2-7]{16,}$/);
    const secret = (await secretBox.getAttribute("data-secret"))!;
    // The harness clock is frozen at its start: the server judges codes by it.
    const step = stepOf(h.clock.now());
    await page.locator("#totpCode").fill(totpAt(secret, step));
    await page.locator("#complete").click();

    // The refusal lands next to the password field, and nothing is set up.
    const passwordError = page.locator("#error-password");
    await passwordError.waitFor({ state: "visible", ...WAIT });
    expect(await passwordError.textContent()).toMatch(/too easy to guess|weak/i);
    expect(await page.locator("#password").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#setup-success").isVisible()).toBe(false);
    expect(await page.locator("#error-totpCode").isVisible()).toBe(false);
    expect(await page.locator("#page-error").isVisible()).toBe(false);

    // A code is only spent on success: the same step still counts.
    await page.locator("#password").fill(GOOD_PASSWORD);
    await expect.poll(() => passwordError.isVisible(), WAIT).toBe(false);
    await page.locator("#totpCode").fill(totpAt(secret, step));
    await page.locator("#complete").click();

    const success = page.locator("#setup-success");
    await success.waitFor({ state: "visible", ...WAIT });
    expect(await success.textContent()).toContain(EMAIL);
    expect(await page.getByRole("link", { name: "Sign in to Roster" }).getAttribute("href")).toBe("/console/sign-in");
    expect(await page.locator("#setup-form").isVisible()).toBe(false);
    expect(await page.locator("#page-error").isVisible()).toBe(false);

    // The account works: password plus the next code.
    const login = await h.call("POST", "/v1/auth/login", { body: { email: EMAIL, password: GOOD_PASSWORD, totpCode: totpAt(secret, step + 1) } });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    expect(login.body.user.email).toBe(EMAIL);

    expect(await cspViolations()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("hints with the password policy the server answers, not rules of its own", async () => {
    const email = "policy.user@example.com";
    const invited = await h.call("POST", "/v1/users", { token: ownerToken, body: { email, role: "OPERATOR" } });
    expect(invited.status).toBe(201);
    const { page, problems, cspViolations } = await openPage();
    // A policy unlike the real one: whatever the page says must come from it.
    let asked = 0;
    await page.route(`${baseUrl}/v1/setup/password-policy`, (route) => {
      asked += 1;
      return route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ minLength: 20, maxLength: 40, mustNotContainEmail: true }) });
    });
    await page.goto(invited.body.setupUrl as string);
    await expect.poll(() => page.locator("#setup-email").textContent(), WAIT).toBe(email);
    await expect.poll(() => page.locator("#password-hint").textContent(), WAIT).toMatch(/^At least 20 characters\. /);
    expect(await page.locator("#password").getAttribute("maxlength")).toBe("40");
    expect(asked).toBe(1);

    // Continue checks the policy's rules (and only hints: step 2 opens anyway, the server judges).
    const passwordError = page.locator("#error-password");
    const hintFor = async (password: string) => {
      await page.locator("#displayName").fill("Policy User");
      await page.locator("#password").fill(password);
      await page.locator("#to-authenticator").click();
      await passwordError.waitFor({ state: "visible", ...WAIT });
      await page.locator("#totp-secret").waitFor({ state: "visible", ...WAIT });
      return passwordError.textContent();
    };
    expect(await hintFor("plum orbit canyon")).toBe("Use at least 20 characters (this one has 17).");
    // The same link again in this tab (a fragment change) starts over, with the policy it has.
    await page.goto(invited.body.setupUrl as string);
    await expect.poll(() => page.locator("#password").inputValue(), WAIT).toBe("");
    await expect.poll(() => page.locator("#setup-email").textContent(), WAIT).toBe(email);
    expect(await hintFor(`plum orbit ${email.toUpperCase()}`)).toBe("The password must not contain your email address.");
    expect(asked).toBe(1);

    expect(await cspViolations()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("says an unknown link is not valid and drops the token from the address bar", async () => {
    const { page, problems, cspViolations } = await openPage();
    await page.goto(`${baseUrl}/setup#token=${"x".repeat(43)}`);

    const pageError = page.locator("#page-error");
    await pageError.waitFor({ state: "visible", ...WAIT });
    expect(await pageError.textContent()).toMatch(/This link is not valid/);
    expect(page.url()).not.toContain("#token=");
    expect(page.url()).toBe(`${baseUrl}/setup`);
    expect(await page.locator("#setup-form").isVisible()).toBe(false);
    expect(await page.locator("#setup-loading").isVisible()).toBe(false);

    expect(await cspViolations()).toEqual([]);
    expect(problems).toEqual([]);
  });
});
