/**
 * The operations list on the left (grouped by tag, filtered as the user types) and the routing
 * from the fragment (`#op/<slug>`) to the page it shows.
 */

import { spec } from "./document.js";
import { h, methodBadge, ui } from "./dom.js";
import { operations, tagOrder } from "./operations.js";
import { renderOperation, renderOverview } from "./pages.js";

export function renderNav() {
  const container = h("div");
  tagOrder().forEach((tag) => {
    const ops = operations.filter((o) => o.tag === tag);
    const headingId = "nav-tag-" + tag.replace(/[^A-Za-z0-9]+/g, "-");
    const group = h("div", { class: "nav-group" }, h("h2", { id: headingId, text: tag }));
    const ul = h("ul", { "aria-labelledby": headingId });
    ops.forEach((o) => {
      const summary = o.op.summary || "";
      const link = h(
        "a",
        { class: "op-link", href: "#op/" + o.slug, title: summary || o.path, "data-slug": o.slug },
        methodBadge(o.method),
        h("span", { class: "op-path", text: o.path }),
      );
      const li = h("li", { "data-search": [o.method, o.path, summary, tag, o.op.operationId || ""].join(" ").toLowerCase() }, link);
      ul.appendChild(li);
    });
    group.appendChild(ul);
    container.appendChild(group);
  });
  ui.navList.replaceChildren(container);
}

export function applyFilter() {
  const query = ui.filter.value.trim().toLowerCase();
  ui.navList.querySelectorAll(".nav-group").forEach((group) => {
    let visible = 0;
    group.querySelectorAll("li").forEach((li) => {
      const match = !query || (li.getAttribute("data-search") || "").includes(query);
      li.hidden = !match;
      if (match) visible += 1;
    });
    group.hidden = visible === 0;
  });
}

function markCurrent(slug) {
  ui.navList.querySelectorAll("a.op-link").forEach((a) => {
    if (a.getAttribute("data-slug") === slug) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
}

export function route() {
  if (!spec) return;
  const match = /^#op\/(.+)$/.exec(location.hash);
  const slug = match ? decodeURIComponent(match[1]) : null;
  const found = slug ? operations.find((o) => o.slug === slug) : null;
  markCurrent(found ? found.slug : null);
  if (found) renderOperation(found);
  else renderOverview();
}
