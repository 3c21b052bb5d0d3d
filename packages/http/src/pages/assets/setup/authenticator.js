/**
 * Step 2, the authenticator: the secret as text and as a QR code (an inert data: image, never
 * markup), the otpauth: link, and copying the secret.
 */

import { el, show, state } from "./page.js";

function toBase64(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 0x8000)));
  }
  return btoa(binary);
}

export function renderEnrollment(data) {
  const secret = String(data.secret || "").replace(/\s+/g, "");
  el.secret.dataset.secret = secret;
  el.secret.textContent = secret.replace(/(.{4})(?=.)/g, "$1 ");

  el.qr.replaceChildren();
  let svg = typeof data.qrCodeSvg === "string" ? data.qrCodeSvg.trim() : "";
  if (svg.indexOf("<svg") !== -1) {
    // An SVG shown through <img> is inert (no scripts, no external loads) and needs only
    // img-src data:, so even our own markup never goes through innerHTML.
    if (!/xmlns=/.test(svg)) svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"');
    const img = document.createElement("img");
    img.src = "data:image/svg+xml;base64," + toBase64(svg);
    img.alt = "QR code that adds " + (state.email || "your account") + " to an authenticator app";
    img.width = 200;
    img.height = 200;
    el.qr.appendChild(img);
  }

  const uri = typeof data.otpauthUri === "string" ? data.otpauthUri : "";
  if (/^otpauth:\/\//i.test(uri)) {
    el.link.setAttribute("href", uri);
    show(el.linkWrap, true);
  } else {
    show(el.linkWrap, false);
  }
}

let copyTimer = 0;
export async function copySecret() {
  const secret = el.secret.dataset.secret || "";
  if (!secret) return;
  try {
    await navigator.clipboard.writeText(secret);
    el.copyStatus.textContent = "Copied";
  } catch {
    const range = document.createRange();
    range.selectNodeContents(el.secret);
    const selection = window.getSelection();
    if (selection) {
      selection.removeAllRanges();
      selection.addRange(range);
    }
    el.copyStatus.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy";
  }
  clearTimeout(copyTimer);
  copyTimer = setTimeout(() => {
    el.copyStatus.textContent = "";
  }, 5000);
}
