// Fixes in the theme's markup that this site can make itself.
//
// Material's search overlay is a role="dialog" without an accessible name (axe-core's
// aria-dialog-name, serious; squidfunk/mkdocs-material#4101): name it after its input's label.
(() => {
  const dialog = document.querySelector('.md-search[role="dialog"]:not([aria-label])');
  if (dialog) {
    const label = dialog.querySelector("input[aria-label]")?.getAttribute("aria-label");
    dialog.setAttribute("aria-label", label || "Search");
  }
})();

// A box that scrolls sideways (display math, a table wider than a phone) takes keyboard
// focus, so that it can be scrolled without a mouse (axe-core's scrollable-region-focusable).
// Every box is measured first, then marked: one layout, not one per box. Measured after the
// first paint, again after a resize, when a collapsed box opens, and when katex.js has typeset
// formulas in the browser. Boxes in a collapsed <details> wait until it opens: measuring them
// made the browser style its hidden content at load.
(() => {
  const SCROLLING = ".md-typeset div.arithmatex, .md-typeset .md-typeset__scrollwrap";
  function markScrolling() {
    const boxes = [...document.querySelectorAll(SCROLLING)].filter(
      box => !box.closest("details:not([open])"),
    );
    const cut = boxes.map(box => box.scrollWidth > box.clientWidth + 1);
    boxes.forEach((box, i) => {
      if (cut[i]) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }
  requestAnimationFrame(() => setTimeout(markScrolling));
  document.addEventListener("doccheck:typeset", markScrolling);
  document.addEventListener("toggle", markScrolling, true); // <details>; it does not bubble
  if (typeof document$ !== "undefined") document$.subscribe(() => setTimeout(markScrolling));
  let resizing = 0;
  window.addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(markScrolling, 200);
  });
})();
