import { Session, isDomainError } from "@roster/core";
import type { Context } from "hono";
import type { ConsoleEnv } from "./env";
import { readForm, refusalOf, type FormErrors, type FormValues } from "./forms";
import { safeNext } from "./links";
import { setSessionCookie } from "./session-cookie";
import { Shell, type Flash } from "./shell";
import { Field } from "./ui";

type SignInState = { values?: FormValues; errors?: FormErrors; flash?: Flash | undefined; next: string };

export function SignInPage({ values = {}, errors = {}, flash, next }: SignInState) {
  return (
    <Shell title="Sign in" flash={flash}>
      <section class="card narrow" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Roster</h1>
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

export async function signInPage(c: Context<ConsoleEnv>) {
  return c.html(<SignInPage next={safeNext(c.req.query("next"))} />);
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
  if (Object.keys(errors).length || !credentials.success) return c.html(<SignInPage values={values} errors={errors} next={next} />, 400);
  try {
    return signedInAs(c, await Session.consoleSignIn(c.var.deps, credentials.data, c.var.requestContext), next);
  } catch (error) {
    if (isDomainError(error, "auth.mfa_enrollment_required")) {
      const enrollmentToken = String(error.details?.enrollmentToken);
      const enrollment = await Session.enrollMfa(c.var.deps, enrollmentToken);
      return c.html(<EnrollPage enrollmentToken={enrollmentToken} enrollment={enrollment} next={next} />);
    }
    if (isDomainError(error, "auth.invalid_credentials")) return c.html(<SignInPage values={{ email: values.email ?? "" }} flash={refusedFlash(error.message)} next={next} />, 401);
    if (isDomainError(error, "auth.throttled")) {
      c.header("Retry-After", String(error.details?.retryAfterSeconds ?? 1));
      return c.html(<SignInPage values={{ email: values.email ?? "" }} flash={refusedFlash(error.message)} next={next} />, 429);
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
      return c.html(<SignInPage flash={refusedFlash("That setup took too long or was already used. Sign in again to get a new code.")} next={next} />, 401);
    }
    throw error;
  }
}
