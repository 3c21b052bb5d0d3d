/**
 * The bearer token "Try it" sends: kept in sessionStorage (this tab only) when the browser allows
 * it, shown or hidden, cleared on request.
 */

import { $, ui } from "./dom.js";

const TOKEN_KEY = "roster.docs.token";

function storage() {
  try {
    return window.sessionStorage;
  } catch (error) {
    return null;
  }
}

export function setToken(value) {
  ui.token.value = value;
  const store = storage();
  if (!store) return;
  if (value) store.setItem(TOKEN_KEY, value);
  else store.removeItem(TOKEN_KEY);
}

export function initToken() {
  const store = storage();
  ui.token.value = (store && store.getItem(TOKEN_KEY)) || "";
  ui.token.addEventListener("input", () => setToken(ui.token.value.trim()));
  const form = $("docs-token-form");
  if (form) form.addEventListener("submit", (event) => event.preventDefault());
  ui.tokenClear.addEventListener("click", () => {
    setToken("");
    ui.token.focus();
  });
  ui.tokenToggle.addEventListener("click", () => {
    const reveal = ui.token.type === "password";
    ui.token.type = reveal ? "text" : "password";
    ui.tokenToggle.textContent = reveal ? "Hide" : "Show";
    ui.tokenToggle.setAttribute("aria-pressed", reveal ? "true" : "false");
  });
}
