/**
 * Dialogs as modals. A trigger is a link to the page with the dialog open (`data-dialog` names
 * it); here it opens the dialog already on the page instead, with focus inside and Escape to
 * close. A dialog the server rendered open (its form was refused) becomes modal too, so focus
 * lands on the first field that needs fixing.
 */
export function enhanceDialogs(root) {
  for (const trigger of root.querySelectorAll("a[data-dialog]")) {
    const dialog = root.getElementById(trigger.dataset.dialog);
    if (!dialog) continue;
    trigger.addEventListener("click", (event) => {
      event.preventDefault();
      open(dialog);
    });
  }
  for (const dialog of root.querySelectorAll("dialog.dialog")) {
    for (const close of dialog.querySelectorAll(".dialog-close, [data-dialog-cancel]")) {
      close.addEventListener("click", (event) => {
        event.preventDefault();
        dialog.close();
      });
    }
    // Closing leaves the address of the page without the dialog, so a reload does not reopen it.
    dialog.addEventListener("close", () => {
      if (dialog.dataset.closeHref && location.search.includes("dialog=")) history.replaceState(null, "", dialog.dataset.closeHref);
    });
    if (dialog.hasAttribute("open")) {
      dialog.close();
      open(dialog);
    }
  }
}

function open(dialog) {
  if (!dialog.open) dialog.showModal();
  const first = dialog.querySelector("[aria-invalid='true']") || dialog.querySelector("input:not([type=hidden]):not([readonly]), select, textarea, button[type=submit]");
  if (first) first.focus();
}
