/**
 * Browser script of GET /docs: loads Scalar's standalone bundle (served by Roster itself, at
 * /assets/scalar/standalone.js) and mounts its API reference on /openapi.json. A file of its own
 * rather than an inline script: the page's CSP allows `script-src 'self'` only.
 *
 * Everything in Scalar that would reach another host is off: deployments may have no internet,
 * and the reference must send a token or the API's description nowhere but to Roster.
 */

/* global Scalar */

const CONFIGURATION = {
  url: "/openapi.json",
  // Requests from "Test Request" go straight to the API (same origin), never through Scalar's proxy.
  proxyUrl: undefined,
  // Scalar's default fonts come from fonts.scalar.com; the system's serve.
  withDefaultFonts: false,
  telemetry: false,
  // The AI agent and the developer tools (which upload the description to Scalar's registry)
  // call Scalar's own services.
  agent: { disabled: true },
  showDeveloperTools: "never",
  pluginUrls: [],
  // A token pasted into the reference stays in this tab: nothing in localStorage outlives it.
  persistAuth: false,
  operationTitleSource: "summary",
  defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
  featuredClients: ["shell/curl", "js/fetch", "node/fetch", "python/requests"],
  documentDownloadType: "json",
};

const mount = document.getElementById("reference");

// Scalar bundles zod, which probes whether it may compile code with `Function("")`: the CSP
// refuses, and the refusal is reported as a violation. zod's documented `jitless` setting, read
// from this global when Scalar's copy loads, keeps it from asking.
globalThis.__zod_globalConfig = { ...globalThis.__zod_globalConfig, jitless: true };

const bundle = document.createElement("script");
bundle.src = new URL("./scalar/standalone.js", import.meta.url).href;
bundle.addEventListener("load", () => Scalar.createApiReference(mount, CONFIGURATION));
bundle.addEventListener("error", () => {
  const notice = document.createElement("p");
  notice.setAttribute("role", "alert");
  const link = document.createElement("a");
  link.href = "/openapi.json";
  link.textContent = "/openapi.json";
  notice.append("The API reference could not be loaded. The API's description is at ", link, ".");
  mount.replaceChildren(notice);
});
document.head.append(bundle);
