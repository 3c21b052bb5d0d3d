/**
 * Browser script of GET /docs: renders the API reference from /openapi.json and sends "Try it"
 * requests. Plain ES2020 modules, no dependencies, served from /assets/docs.js (this entry) and
 * /assets/docs/*.js (its parts) under CSP `script-src 'self'`. Every node is built with
 * createElement/textContent: nothing from the document or from a response is ever parsed as HTML.
 * This entry loads the description and wires the page's events.
 */

import { setSpec, spec } from "./docs/document.js";
import { showError, ui } from "./docs/dom.js";
import { applyFilter, renderNav, route } from "./docs/navigation.js";
import { collectOperations, setOperations } from "./docs/operations.js";
import { initToken } from "./docs/token.js";

async function load() {
  let response;
  try {
    response = await fetch("/openapi.json", { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) throw new Error("HTTP " + response.status);
    setSpec(await response.json());
  } catch (error) {
    ui.navList.replaceChildren();
    ui.view.replaceChildren();
    showError("The API description (/openapi.json) could not be loaded: " + (error && error.message ? error.message : String(error)) + ".");
    return;
  }
  if (!spec || typeof spec !== "object") {
    showError("The API description is empty.");
    return;
  }
  setOperations(collectOperations());
  renderNav();
  applyFilter();
  route();
}

initToken();
ui.filter.addEventListener("input", applyFilter);
window.addEventListener("hashchange", () => {
  route();
  const heading = ui.view.querySelector("h1, h2");
  if (heading) heading.focus({ preventScroll: true });
  window.scrollTo(0, 0);
});
load();
