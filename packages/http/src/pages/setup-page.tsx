import { Layout } from "./layout";

export const SETUP_SCRIPT_PATH = "/assets/setup.js";

/**
 * The invitation setup page. The server renders every state (checking, form, success, error)
 * hidden or shown; `setup.js` reads the token from the URL fragment and switches between them.
 * No data is rendered on the server: the token never reaches it on this GET (fragments are not
 * sent), so the page is the same for everyone and safe to serve without a database call.
 */
export function SetupPage() {
  return (
    <Layout title="Set up your account · Roster" script={SETUP_SCRIPT_PATH}>
      <main id="content" class="card" aria-labelledby="setup-title">
        <h1 id="setup-title">Set up your account</h1>
        <p id="setup-lead" class="lead">Choose a password and connect an authenticator app. It takes about two minutes.</p>

        <div id="page-error" class="notice notice-error" role="alert" aria-live="assertive" tabindex={-1} hidden></div>
        <div id="retry-wrap" class="actions" hidden>
          <button id="retry" class="secondary" type="button">
            Try again
          </button>
        </div>

        <p id="setup-loading" class="status" role="status">
          Checking your setup link…
        </p>
        <noscript>
          <p class="notice notice-error">This page needs JavaScript to set up your account. Turn it on and reload the page.</p>
        </noscript>

        <form id="setup-form" method="post" action="/setup" novalidate hidden>
          <p class="identity">
            <span class="label">Setting up the account for</span>
            <strong id="setup-email"></strong>
            <span id="setup-role" class="role-badge"></span>
            <span id="setup-expires" class="hint"></span>
          </p>
          {/* Lets password managers store the new password under the right account. */}
          <input id="setup-username" name="username" type="email" autocomplete="username" readonly hidden />

          <fieldset id="step-profile" class="step">
            <legend>Step 1 of 2 · Your profile</legend>
            <div class="field">
              <label for="displayName">Display name</label>
              <p id="displayName-hint" class="hint">
                How your teammates will see you, e.g. “Ada Lovelace”.
              </p>
              <input
                id="displayName"
                name="displayName"
                type="text"
                autocomplete="name"
                maxlength={100}
                required
                aria-describedby="displayName-hint error-displayName"
              />
              <p id="error-displayName" class="field-error" aria-live="polite" hidden></p>
            </div>
            <div class="field">
              <label for="password">Password</label>
              {/* setup.js puts the length rules of GET /v1/setup/password-policy in front of this, and on the input. */}
              <p id="password-hint" class="hint">
                A few uncommon words work well; avoid your email or the name of your company.
              </p>
              <div class="input-row">
                <input
                  id="password"
                  name="password"
                  type="password"
                  autocomplete="new-password"
                  required
                  spellcheck={false}
                  aria-describedby="password-hint error-password"
                />
                <button id="toggle-password" class="secondary" type="button" aria-controls="password" aria-pressed="false">
                  Show
                </button>
              </div>
              <p id="error-password" class="field-error" aria-live="polite" hidden></p>
            </div>
            <div class="actions end">
              <button id="to-authenticator" type="button">
                Continue
              </button>
            </div>
          </fieldset>

          <fieldset id="step-totp" class="step" hidden>
            <legend>Step 2 of 2 · Authenticator app</legend>
            <p>
              Scan this QR code with an authenticator app (1Password, Google Authenticator, Microsoft Authenticator, …). You
              will enter a code from it every time you sign in.
            </p>
            <div id="totp-qr" class="qr"></div>
            <p class="hint">Can’t scan it? Enter this key in the app instead:</p>
            <div class="secret-box">
              <code id="totp-secret" data-secret="" aria-label="Authenticator key"></code>
              <button id="copy-secret" class="secondary small" type="button">
                Copy key
              </button>
              <span id="copy-status" class="copy-status" aria-live="polite"></span>
            </div>
            <p id="totp-link-wrap" class="hint" hidden>
              On a phone? <a id="totp-link" href="#totpCode">Open the key in your authenticator app</a>.
            </p>
            <div class="field">
              <label for="totpCode">6-digit code from the app</label>
              <input
                id="totpCode"
                name="totpCode"
                class="code-input"
                type="text"
                inputmode="numeric"
                autocomplete="one-time-code"
                pattern="[0-9 ]*"
                maxlength={7}
                required
                aria-describedby="error-totpCode"
              />
              <p id="error-totpCode" class="field-error" aria-live="polite" hidden></p>
            </div>
            <div class="actions end">
              <button id="complete" type="submit">
                Finish setup
              </button>
            </div>
          </fieldset>
        </form>

        <section id="setup-success" class="success" tabindex={-1} aria-labelledby="setup-success-title" hidden>
          <div class="notice notice-success">
            <h2 id="setup-success-title">Your account is ready. You can now sign in.</h2>
            <p>
              Sign in as <strong id="setup-success-email"></strong> with your password and a code from your authenticator
              app.
            </p>
            <p>
              <a class="button" href="/console/sign-in">
                Sign in to Roster
              </a>
            </p>
          </div>
        </section>
      </main>
      <p class="footer-note">Invitation links work once and expire. If something looks wrong, ask the admin who invited you.</p>
    </Layout>
  );
}
