import { describe, expect, it } from "vitest";
import { GOOD_PASSWORD, type Harness } from "../harness";
import { stepOf, totpAt } from "../totp";
import { consoleBrowser, expectAccessible, expectNoSidewaysScroll } from "./console-page";
import { watchedPage } from "./served-app";

/** Signing in to the console in Chromium: the form, the refusals, and the MFA re-enrolment after a reset. */

let h: Harness;
const { served, newContext } = consoleBrowser((app) => {
  h = app.h;
});

/** `path` with no session: these tests sign in through the form. */
async function open(path: string) {
  const watched = await watchedPage(await newContext(), served().baseUrl, (text) => /status of 4\d\d/.test(text));
  await watched.page.goto(`${served().baseUrl}${path}`);
  return watched;
}

describe("the console's sign-in page", () => {
  it("signs a person in with email, password and authenticator code, and back to where they were going", async () => {
    const person = await h.member(served().ownerToken, "signer@console.example", "VIEWER");
    const { page, problems, cspViolations } = await open("/console/audit");
    expect(new URL(page.url()).pathname).toBe("/console/sign-in");
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password").fill(GOOD_PASSWORD);
    await page.getByLabel("Authenticator code").fill(h.nextCode(person.secret));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${served().baseUrl}/console/audit`);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "__Host-roster_session")).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });

  it("says a wrong password or code is not right, without saying which, and keeps the email", async () => {
    const { page } = await open("/console/sign-in");
    await page.getByLabel("Email").fill("someone@console.example");
    await page.getByLabel("Password").fill("a wrong password entirely");
    await page.getByLabel("Authenticator code").fill("123456");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("The email, password or authenticator code is not right.");
    expect(await page.getByLabel("Email").inputValue()).toBe("someone@console.example");
    expect(await page.getByText(/ask a workspace admin to reset it/).count()).toBe(1);
    await expectAccessible(page);
  });

  it("after an MFA reset shows the new QR code and key, and asks for a code from them", async () => {
    const person = await h.member(served().ownerToken, "reset@console.example", "OPERATOR");
    expect((await h.call("POST", `/v1/users/${person.id}/mfa-reset`, { token: served().ownerToken })).status).toBe(200);
    const { page, problems } = await open("/console/sign-in");
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password").fill(GOOD_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Set up your authenticator again" }).waitFor();
    expect(await page.getByRole("img", { name: "QR code for your authenticator app" }).count()).toBe(1);
    const secret = (await page.locator(".secret code").textContent())!.trim();
    await expectAccessible(page);
    await page.getByLabel("Authenticator code").fill("000000");
    await page.getByRole("button", { name: "Confirm and sign in" }).click();
    await page.getByText("The code is not right").or(page.locator(".field-error")).first().waitFor();
    await page.getByLabel("Authenticator code").fill(totpAt(secret, stepOf(h.clock.now())));
    await page.getByRole("button", { name: "Confirm and sign in" }).click();
    await page.waitForURL(`${served().baseUrl}/console/tenants`);
    expect(problems).toEqual([]);
  });
});
