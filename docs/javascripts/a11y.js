// Fixes in the theme's markup that this site can make itself.
// Material's search overlay is a role="dialog" without an accessible name (axe-core's
// aria-dialog-name, serious; squidfunk/mkdocs-material#4101): name it after its input's label.
(() => {
  const dialog = document.querySelector('.md-search[role="dialog"]:not([aria-label])');
  if (dialog) {
    const label = dialog.querySelector("input[aria-label]")?.getAttribute("aria-label");
    dialog.setAttribute("aria-label", label || "Search");
  }
})();
