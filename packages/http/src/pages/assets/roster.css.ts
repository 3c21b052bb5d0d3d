/**
 * The one stylesheet of the HTML pages. Served as a same-origin asset (never inline) so the
 * pages run under `style-src 'self'`; nothing here loads fonts or images from elsewhere.
 */
export const rosterCss = String.raw`
:root {
  color-scheme: light dark;
  --bg: #f4f6f8;
  --surface: #ffffff;
  --surface-2: #f8fafc;
  --text: #14202e;
  --muted: #526173;
  --border: #d5dce4;
  --accent: #1f5fbf;
  --accent-hover: #184d9c;
  --accent-text: #ffffff;
  --focus: #2b7de9;
  --danger: #b3261e;
  --danger-bg: #fdeceb;
  --success: #1e6b3a;
  --success-bg: #e7f5ec;
  --code-bg: #eef2f6;
  --radius: 10px;
  --shadow: 0 1px 2px rgba(16, 24, 40, 0.06), 0 4px 16px rgba(16, 24, 40, 0.06);
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  --get: #1e6b3a;
  --post: #1f5fbf;
  --put: #8a5a00;
  --patch: #6b4fbf;
  --delete: #b3261e;
}

@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f141a;
    --surface: #171e26;
    --surface-2: #1c252f;
    --text: #e6ebf0;
    --muted: #9aa8b7;
    --border: #2e3a47;
    --accent: #6aa5ff;
    --accent-hover: #8ab8ff;
    --accent-text: #0b1220;
    --focus: #8ab8ff;
    --danger: #ff8a80;
    --danger-bg: #3a1d1b;
    --success: #7fd49b;
    --success-bg: #16301f;
    --code-bg: #222c37;
    --shadow: 0 1px 2px rgba(0, 0, 0, 0.4);
    --get: #7fd49b;
    --post: #8ab8ff;
    --put: #f0c36b;
    --patch: #c3b1ff;
    --delete: #ff8a80;
  }
}

*, *::before, *::after { box-sizing: border-box; }

html { -webkit-text-size-adjust: 100%; }

body {
  margin: 0;
  min-height: 100vh;
  background: var(--bg);
  color: var(--text);
  font-family: var(--font);
  font-size: 16px;
  line-height: 1.5;
}

[hidden] { display: none !important; }

a { color: var(--accent); }
a:hover { color: var(--accent-hover); }

:focus { outline: none; }
:focus-visible {
  outline: 3px solid var(--focus);
  outline-offset: 2px;
  border-radius: 4px;
}

.visually-hidden {
  position: absolute !important;
  width: 1px; height: 1px;
  padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; border: 0;
}

.skip-link {
  position: absolute; left: 8px; top: -48px;
  background: var(--surface); color: var(--text);
  padding: 8px 12px; border-radius: 6px; z-index: 10;
}
.skip-link:focus { top: 8px; }

code, pre, .mono { font-family: var(--mono); font-size: 0.92em; }

/* ---------- shell ---------- */

.brand {
  display: flex; align-items: center; gap: 10px;
  font-weight: 600; letter-spacing: 0.01em; color: var(--text);
}
.brand-mark {
  width: 28px; height: 28px; border-radius: 7px;
  background: var(--accent); color: var(--accent-text);
  display: inline-flex; align-items: center; justify-content: center;
  font-size: 15px; font-weight: 700;
}

.page {
  display: flex; flex-direction: column; align-items: center;
  padding: 48px 16px 32px;
  gap: 24px;
}

.card {
  width: 100%; max-width: 480px;
  background: var(--surface);
  border: 1px solid var(--border);
  border-radius: var(--radius);
  box-shadow: var(--shadow);
  padding: 32px;
}
@media (max-width: 520px) { .card { padding: 24px 18px; } .page { padding-top: 24px; } }

.card h1 { font-size: 1.45rem; line-height: 1.25; margin: 0 0 8px; }
.card h2 { font-size: 1.1rem; margin: 0 0 8px; }
.lead { color: var(--muted); margin: 0 0 20px; }

.footer-note { color: var(--muted); font-size: 0.85rem; text-align: center; max-width: 480px; }

/* ---------- forms ---------- */

fieldset { border: 0; padding: 0; margin: 0 0 8px; min-width: 0; }
/* Floated so the legend sits inside the fieldset like a heading, not on its border. */
legend {
  float: left; width: 100%;
  padding: 0; margin-bottom: 12px;
  font-size: 0.8rem; font-weight: 600; letter-spacing: 0.06em; text-transform: uppercase;
  color: var(--muted);
}
legend + * { clear: both; }
.step + .step { margin-top: 24px; padding-top: 24px; border-top: 1px solid var(--border); }

.field { margin-bottom: 18px; }
.field label { display: block; font-weight: 600; margin-bottom: 6px; }
.hint { color: var(--muted); font-size: 0.875rem; margin: 0 0 6px; }

input[type="text"], input[type="password"], input[type="email"], input[type="search"],
input:not([type]), textarea, select {
  width: 100%;
  padding: 10px 12px;
  font: inherit;
  color: var(--text);
  background: var(--surface);
  border: 1px solid var(--border);
  border-radius: 8px;
}
textarea { font-family: var(--mono); font-size: 0.875rem; min-height: 140px; resize: vertical; }
input:focus-visible, textarea:focus-visible, select:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 0; border-color: var(--focus);
}
input[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--danger); }

.input-row { display: flex; gap: 8px; align-items: stretch; }
.input-row > input { flex: 1; min-width: 0; }

.code-input {
  font-family: var(--mono) !important; font-size: 1.35rem !important;
  letter-spacing: 0.3em; max-width: 12ch;
}

.field-error {
  color: var(--danger); font-size: 0.875rem; margin: 6px 0 0;
}
.field-error::before { content: "\26A0\FE0E  "; }

button, .button {
  font: inherit; font-weight: 600;
  display: inline-flex; align-items: center; justify-content: center; gap: 6px;
  padding: 10px 18px;
  border-radius: 8px;
  border: 1px solid transparent;
  background: var(--accent); color: var(--accent-text);
  cursor: pointer;
  text-decoration: none;
}
button:hover { background: var(--accent-hover); }
button:disabled { opacity: 0.6; cursor: progress; }
button.secondary {
  background: transparent; color: var(--text); border-color: var(--border);
}
button.secondary:hover { background: var(--surface-2); }
button.small { padding: 4px 10px; font-size: 0.85rem; }
.actions { display: flex; gap: 10px; flex-wrap: wrap; margin-top: 8px; }
.actions.end { justify-content: flex-end; }

/* ---------- notices ---------- */

.notice {
  border-radius: 8px; padding: 12px 14px; margin: 0 0 18px;
  border: 1px solid transparent;
}
.notice-error { background: var(--danger-bg); color: var(--danger); border-color: var(--danger); }
.notice-success { background: var(--success-bg); color: var(--success); border-color: var(--success); }
.notice p { margin: 0; }
.status { color: var(--muted); }

.identity {
  background: var(--surface-2); border: 1px solid var(--border); border-radius: 8px;
  padding: 10px 12px; margin: 0 0 20px; overflow-wrap: anywhere;
}
.identity .label { color: var(--muted); font-size: 0.85rem; display: block; }
.identity strong { font-weight: 600; }
.role-badge {
  display: inline-block; margin-left: 6px; padding: 1px 8px; border-radius: 999px;
  background: var(--code-bg); font-size: 0.8rem; font-weight: 600; color: var(--muted);
}

/* ---------- setup: authenticator ---------- */

.qr {
  display: flex; justify-content: center; margin: 8px 0 14px;
}
.qr img {
  width: 200px; height: 200px;
  background: #ffffff; padding: 6px; border-radius: 8px; border: 1px solid var(--border);
  image-rendering: pixelated;
}
.secret-box {
  display: flex; align-items: center; gap: 10px; flex-wrap: wrap;
  background: var(--code-bg); border-radius: 8px; padding: 8px 10px; margin-bottom: 18px;
}
.secret-box code {
  font-size: 1rem; letter-spacing: 0.06em; word-spacing: 0.25em; overflow-wrap: anywhere; flex: 1;
  user-select: all;
}
.copy-status { color: var(--success); font-size: 0.85rem; }

.success { text-align: left; }
.success h2 { color: var(--success); }

/* ---------- docs ---------- */

.docs-shell {
  display: grid; grid-template-columns: 300px 1fr; min-height: 100vh;
}
@media (max-width: 860px) { .docs-shell { grid-template-columns: 1fr; } .docs-nav { position: static !important; height: auto !important; } }

.docs-nav {
  background: var(--surface); border-right: 1px solid var(--border);
  padding: 16px 12px; position: sticky; top: 0; align-self: start; height: 100vh; overflow: auto;
}
.docs-nav .brand { padding: 4px 8px 12px; }
.docs-nav h2 {
  font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted);
  margin: 18px 8px 6px;
}
.docs-nav ul { list-style: none; padding: 0; margin: 0; }
.docs-nav a.op-link {
  display: flex; gap: 8px; align-items: baseline;
  padding: 5px 8px; border-radius: 6px; color: var(--text); text-decoration: none; font-size: 0.875rem;
}
.docs-nav a.op-link:hover { background: var(--surface-2); }
.docs-nav a.op-link[aria-current="page"] { background: var(--code-bg); font-weight: 600; }
.docs-nav .op-path { font-family: var(--mono); font-size: 0.8rem; overflow-wrap: anywhere; }
.docs-nav .filter { margin: 0 0 8px; }

.docs-main { padding: 28px 36px 64px; max-width: 1100px; min-width: 0; }
@media (max-width: 860px) { .docs-main { padding: 20px 16px 48px; } }
.docs-main h1 { margin: 0 0 6px; font-size: 1.6rem; }
.docs-main h2 { font-size: 1.3rem; margin: 0 0 8px; display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.docs-main .panel > h2:first-child, .docs-main .panel > h3:first-child { margin-top: 0; }
.docs-main h3 { font-size: 1rem; margin: 28px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--border); }
.docs-main .path { font-family: var(--mono); font-size: 1.05rem; overflow-wrap: anywhere; }
.docs-main p { margin: 0 0 10px; }
.docs-main .muted { color: var(--muted); }
.docs-main code { background: var(--code-bg); padding: 1px 5px; border-radius: 4px; }

.panel {
  background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius);
  padding: 16px 18px; margin: 16px 0;
}

.method {
  display: inline-block; min-width: 52px; text-align: center;
  font-family: var(--mono); font-size: 0.72rem; font-weight: 700; letter-spacing: 0.04em;
  padding: 2px 6px; border-radius: 4px; border: 1px solid currentColor;
}
.method-get { color: var(--get); }
.method-post { color: var(--post); }
.method-put { color: var(--put); }
.method-patch { color: var(--patch); }
.method-delete { color: var(--delete); }

table.params { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
table.params th, table.params td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--border); vertical-align: top; }
table.params th { color: var(--muted); font-weight: 600; font-size: 0.8rem; }

.schema { font-size: 0.9rem; }
.schema ul { list-style: none; margin: 0; padding: 0 0 0 16px; border-left: 2px solid var(--border); }
.schema > ul { padding-left: 0; border-left: 0; }
.schema li { padding: 4px 0 4px 8px; }
.schema .prop-name { font-family: var(--mono); font-weight: 600; }
.schema .type { font-family: var(--mono); color: var(--accent); margin-left: 6px; }
.schema .required { color: var(--danger); font-size: 0.75rem; margin-left: 6px; }
.schema .constraint { color: var(--muted); font-size: 0.8rem; margin-left: 6px; }
.schema .desc { color: var(--muted); display: block; }
.schema .ref-name { color: var(--muted); font-size: 0.8rem; margin-left: 6px; }

details.response { border: 1px solid var(--border); border-radius: 8px; margin: 8px 0; background: var(--surface); }
details.response > summary { cursor: pointer; padding: 8px 12px; display: flex; gap: 10px; align-items: baseline; }
details.response > div { padding: 0 12px 12px; }
.status-code { font-family: var(--mono); font-weight: 700; }
.status-2 { color: var(--success); }
.status-4, .status-5 { color: var(--danger); }

.try .field { margin-bottom: 12px; }
.try label { font-size: 0.9rem; }
.response-out { margin-top: 16px; }
.response-out dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; font-size: 0.85rem; margin: 8px 0; }
.response-out dt { font-family: var(--mono); color: var(--muted); }
.response-out dd { margin: 0; font-family: var(--mono); overflow-wrap: anywhere; }
.response-out dt.key, .response-out dd.key { color: var(--text); font-weight: 600; }
pre.json {
  background: var(--code-bg); border-radius: 8px; padding: 12px 14px; overflow: auto;
  max-height: 480px; margin: 8px 0 0; font-size: 0.85rem; line-height: 1.45;
}
.token-bar { display: flex; gap: 8px; align-items: end; flex-wrap: wrap; }
.token-bar .field { flex: 1; min-width: 240px; margin-bottom: 0; }

@media (prefers-reduced-motion: reduce) {
  * { scroll-behavior: auto !important; transition: none !important; animation: none !important; }
}
`;
