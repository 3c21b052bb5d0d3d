/**
 * Row action menus (WAI-ARIA menu button): the button opens its menu in place rather than
 * reloading the page with it open; arrow keys move between items, Escape closes and returns
 * focus to the button, a click elsewhere closes it.
 */
export function enhanceMenus(root) {
  const buttons = [...root.querySelectorAll("a[aria-haspopup='menu']")];
  const close = (button) => {
    button.setAttribute("aria-expanded", "false");
    const menu = root.getElementById(button.getAttribute("aria-controls"));
    if (menu) menu.hidden = true;
  };
  for (const button of buttons) {
    const menu = root.getElementById(button.getAttribute("aria-controls"));
    if (!menu) continue;
    const items = () => [...menu.querySelectorAll("[role='menuitem']")];
    const openMenu = (focus) => {
      for (const other of buttons) if (other !== button) close(other);
      button.setAttribute("aria-expanded", "true");
      menu.hidden = false;
      const list = items();
      const target = focus === "last" ? list.at(-1) : list[0];
      if (target) target.focus();
    };
    button.addEventListener("click", (event) => {
      event.preventDefault();
      if (button.getAttribute("aria-expanded") === "true") close(button);
      else openMenu("first");
    });
    button.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === " ") {
        event.preventDefault();
        openMenu("first");
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        openMenu("last");
      }
    });
    menu.addEventListener("keydown", (event) => {
      const list = items();
      const at = list.indexOf(root.activeElement);
      if (event.key === "ArrowDown") list[(at + 1) % list.length].focus();
      else if (event.key === "ArrowUp") list[(at - 1 + list.length) % list.length].focus();
      else if (event.key === "Home") list[0].focus();
      else if (event.key === "End") list.at(-1).focus();
      else if (event.key === "Escape") {
        close(button);
        button.focus();
      } else return;
      event.preventDefault();
    });
    // A menu item that opens a dialog on this page closes its menu first.
    for (const item of items()) item.addEventListener("click", () => close(button));
  }
  root.addEventListener("click", (event) => {
    for (const button of buttons) {
      const menu = root.getElementById(button.getAttribute("aria-controls"));
      if (button.getAttribute("aria-expanded") === "true" && !button.contains(event.target) && !(menu && menu.contains(event.target))) close(button);
    }
  });
}
