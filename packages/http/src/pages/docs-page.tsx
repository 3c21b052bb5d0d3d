import { Layout } from "./layout";

export const DOCS_SCRIPT_PATH = "/assets/docs.js";

/**
 * The API reference shell. `docs.js` fills it from /openapi.json (same origin), so the page never
 * drifts from the routes and needs no build step or CDN.
 */
export function DocsPage() {
  return (
    <Layout title="API reference · Roster" script={DOCS_SCRIPT_PATH} variant="app">
      <div class="docs-shell">
        <nav id="docs-nav" class="docs-nav" aria-label="API operations">
          <div class="brand">
            <span class="brand-mark" aria-hidden="true">
              R
            </span>
            <a href="#" id="docs-home">
              Roster API
            </a>
          </div>
          <div class="field filter">
            <label class="visually-hidden" for="docs-filter">
              Filter operations
            </label>
            <input id="docs-filter" type="search" placeholder="Filter operations" autocomplete="off" spellcheck={false} />
          </div>
          <div id="docs-nav-list">
            <p class="status">Loading…</p>
          </div>
        </nav>

        <main id="content" class="docs-main" tabindex={-1}>
          <div id="docs-error" class="notice notice-error" role="alert" hidden></div>
          <noscript>
            <p class="notice notice-error">
              This reference is rendered in the browser: turn on JavaScript, or read <a href="/openapi.json">/openapi.json</a>{" "}
              directly.
            </p>
          </noscript>

          <section class="panel" aria-labelledby="docs-auth-title">
            <h2 id="docs-auth-title">Authentication</h2>
            <p class="muted">
              Paste an access token (from <code>POST /v1/auth/login</code> or <code>POST /oauth/token</code>) or a personal access
              token. It is sent as <code>Authorization: Bearer …</code> by “Try it” and kept only in this browser tab.
            </p>
            {/* A form (never submitted) so browsers treat the secret field properly. */}
            <form id="docs-token-form" class="token-bar" action="/docs" method="post">
              <div class="field">
                <label for="docs-token">Bearer token</label>
                <input id="docs-token" type="password" autocomplete="off" spellcheck={false} />
              </div>
              <button id="docs-token-toggle" class="secondary" type="button" aria-controls="docs-token" aria-pressed="false">
                Show
              </button>
              <button id="docs-token-clear" class="secondary" type="button">
                Forget
              </button>
            </form>
          </section>

          <div id="docs-view">
            <p class="status">Loading the API description…</p>
          </div>
        </main>
      </div>
    </Layout>
  );
}
