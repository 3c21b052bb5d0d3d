/** Copy buttons: shown only where script can copy, they copy their field and say so. */
export function enhanceCopyButtons(root) {
  for (const button of root.querySelectorAll("button[data-copy]")) {
    const field = root.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        button.textContent = "Copied";
      } catch {
        // Clipboard refused (no permission): leave the text selected for a manual copy.
        field.select();
        button.textContent = "Select and copy";
      }
      setTimeout(() => (button.textContent = "Copy"), 2000);
    });
  }
}
