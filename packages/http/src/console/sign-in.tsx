import { Session, Sso, isDomainError } from "@roster/core";
import type { Context } from "hono";
import type { ConsoleEnv } from "./env";
import { readForm, refusalOf, type FormErrors, type FormValues } from "./forms";
import { safeNext } from "./links";
import type { SsoRefusalReason } from "../routes/sso";
import { setSessionCookie } from "./session-cookie";
import { Shell, type Flash } from "./shell";
import { Field } from "./ui";

type SignInState = { values?: FormValues; errors?: FormErrors; flash?: Flash | undefined; next: string; sso: boolean };

export function SignInPage({ values = {}, errors = {}, flash, next, sso }: SignInState) {
  return (
    <Shell title="Sign in" flash={flash}>
      <section class="card narrow" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Roster</h1>
        {sso ? (
          <>
            {/* A GET to the API's start: the provider's page is where this person signs in. */}
            <form class="sso-choice" method="get" action="/v1/sso/start">
              <input type="hidden" name="returnTo" value={next} />
              <button type="submit">Sign in with SSO</button>
            </form>
            <p class="divider">or with your password</p>
          </>
        ) : null}
        <form method="post" action="/console/sign-in" novalidate>
          <input type="hidden" name="next" value={next} />
          <Field label="Email" name="email" type="email" autocomplete="username" value={values.email} error={errors.email} required />
          <Field label="Password" name="password" type="password" autocomplete="current-password" error={errors.password} required />
          <Field label="Authenticator code" name="totpCode" inputmode="numeric" autocomplete="one-time-code" error={errors.totpCode} hint="The 6-digit code your authenticator app shows for Roster." />
          <div class="actions">
            <button type="submit">Sign in</button>
          </div>
        </form>
        <p class="hint">
          Lost your authenticator? There is no self-service recovery: ask a workspace admin to reset it, then sign in with your password to set up a new one.
        </p>
      </section>
    </Shell>
  );
}

type EnrollState = { enrollmentToken: string; enrollment: Session.TotpEnrollment; errors?: FormErrors; next: string };

/** After an MFA reset the right password leads here: the new secret, then a code from it. */
export function EnrollPage({ enrollmentToken, enrollment, errors = {}, next }: EnrollState) {
  const qr = `data:image/svg+xml;base64,${Buffer.from(enrollment.qrCodeSvg).toString("base64")}`;
  return (
    <Shell title="Set up your authenticator" flash={errors._form ? { kind: "error", message: errors._form } : undefined}>
      <section class="card narrow" aria-labelledby="enroll-title">
        <h1 id="enroll-title">Set up your authenticator again</h1>
        <p>Your authenticator was reset. Scan this code with your authenticator app, or enter the key by hand, then type the code it shows.</p>
        <img class="qr" src={qr} alt="QR code for your authenticator app" width="200" height="200" />
        <p class="secret">
          <span class="label">Key</span> <code>{enrollment.secret}</code>
        </p>
        <form method="post" action="/console/sign-in/authenticator" novalidate>
          <input type="hidden" name="next" value={next} />
          <input type="hidden" name="enrollmentToken" value={enrollmentToken} />
          <Field label="Authenticator code" name="totpCode" inputmode="numeric" autocomplete="one-time-code" error={errors.totpCode} required />
          <div class="actions">
            <button type="submit">Confirm and sign in</button>
          </div>
        </form>
      </section>
    </Shell>
  );
}

/** An authenticator code as the form checks it before asking the verb: six digits. */
const isCode = (text: string) => /^\d{6}$/.test(text);
const CODE_MISSING = "Enter the 6-digit code from your authenticator app.";

/** What a refused sign-in says: the API's words, which never tell whether the email exists. */
const refusedFlash = (message: string): Flash => ({ kind: "error", message });

function signedInAs(c: Context<ConsoleEnv>, signedIn: Session.SignedIn<Session.ConsoleCookie>, next: string) {
  setSessionCookie(c, signedIn.cookie, signedIn.expiresAt);
  return c.redirect(safeNext(next), 303);
}

type PageState = Omit<SignInState, "sso">;

/** The sign-in page, with Sign in with SSO when the workspace has a provider (one read). */
async function page(c: Context<ConsoleEnv>, state: PageState, status: 200 | 400 | 401 | 429 = 200) {
  const sso = await Sso.offered(c.var.deps);
  if (sso) c.set("formTargets", sso.formTargets);
  return c.html(<SignInPage {...state} sso={sso !== null} />, status);
}

/**
 * What the page says when single sign-on sent the person back (`?sso=<reason>`). Only these fixed
 * sentences: the address names a reason, never the words, so a link cannot put words on the page.
 */
const SSO_REFUSALS: Record<SsoRefusalReason, string> = {
  unavailable: "Your identity provider did not answer. Try again in a moment; if it stays down, an admin can still sign in with a password.",
  failed: "Signing in with your identity provider did not complete. Start again with Sign in with SSO.",
  unverified: "Your identity provider has not verified your email address, so Roster cannot sign you in with it.",
  no_access: "Your identity provider gives you no access to Roster. Ask your admin to add you to a group that does.",
  not_configured: "Single sign-on is not set up for this workspace. Sign in with your password.",
};
const isSsoRefusal = (reason: string | undefined): reason is SsoRefusalReason => reason !== undefined && Object.hasOwn(SSO_REFUSALS, reason);

export async function signInPage(c: Context<ConsoleEnv>) {
  const reason = c.req.query("sso");
  const flash = isSsoRefusal(reason) ? refusedFlash(SSO_REFUSALS[reason]) : undefined;
  return page(c, { next: safeNext(c.req.query("next")), flash });
}

export async function signIn(c: Context<ConsoleEnv>) {
  const { values } = await readForm(c);
  const next = safeNext(values.next);
  const errors: FormErrors = {};
  if (!values.email?.trim()) errors.email = "Enter your email.";
  if (!values.password) errors.password = "Enter your password.";
  if (values.totpCode && !isCode(values.totpCode.trim())) errors.totpCode = CODE_MISSING;
  // The API's bounds too (an email past 254 characters names no account, and cannot be a throttle's key).
  const credentials = Session.LoginInput.safeParse({ email: values.email?.trim(), password: values.password, totpCode: values.totpCode?.trim() || undefined });
  if (!credentials.success) for (const issue of credentials.error.issues) errors[String(issue.path[0])] ??= issue.message;
  if (Object.keys(errors).length || !credentials.success) return page(c, { values, errors, next }, 400);
  try {
    return signedInAs(c, await Session.consoleSignIn(c.var.deps, credentials.data, c.var.requestContext), next);
  } catch (error) {
    if (isDomainError(error, "auth.mfa_enrollment_required")) {
      const enrollmentToken = String(error.details?.enrollmentToken);
      const enrollment = await Session.enrollMfa(c.var.deps, enrollmentToken);
      return c.html(<EnrollPage enrollmentToken={enrollmentToken} enrollment={enrollment} next={next} />);
    }
    if (isDomainError(error, "auth.invalid_credentials")) return page(c, { values: { email: values.email ?? "" }, flash: refusedFlash(error.message), next }, 401);
    if (isDomainError(error, "auth.throttled")) {
      c.header("Retry-After", String(error.details?.retryAfterSeconds ?? 1));
      return page(c, { values: { email: values.email ?? "" }, flash: refusedFlash(error.message), next }, 429);
    }
    throw error;
  }
}

export async function confirmAuthenticator(c: Context<ConsoleEnv>) {
  const { values } = await readForm(c);
  const next = safeNext(values.next);
  const enrollmentToken = values.enrollmentToken ?? "";
  try {
    const totpCode = (values.totpCode ?? "").trim();
    if (!isCode(totpCode)) {
      const enrollment = await Session.enrollMfa(c.var.deps, enrollmentToken);
      return c.html(<EnrollPage enrollmentToken={enrollmentToken} enrollment={enrollment} errors={{ totpCode: CODE_MISSING }} next={next} />, 400);
    }
    return signedInAs(c, await Session.consoleConfirmMfa(c.var.deps, { enrollmentToken, totpCode }, c.var.requestContext), next);
  } catch (error) {
    if (isDomainError(error, "totp.invalid")) {
      const enrollment = await Session.enrollMfa(c.var.deps, enrollmentToken);
      return c.html(<EnrollPage enrollmentToken={enrollmentToken} enrollment={enrollment} errors={refusalOf(error)} next={next} />, 400);
    }
    // The enrollment token died (used, expired, or the authenticator was reset again): start over.
    if (isDomainError(error, "auth.invalid_enrollment") || isDomainError(error, "auth.mfa_enrollment_not_started")) {
      return page(c, { flash: refusedFlash("That setup took too long or was already used. Sign in again to get a new code."), next }, 401);
    }
    throw error;
  }
}
