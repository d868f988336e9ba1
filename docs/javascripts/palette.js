// The light/dark toggle in the header, without restyling the whole page on every load.
//
// Material's palette component (components/palette/index.ts) sets the palette again when each
// page loads, though the theme's inline script has already applied the stored one before the
// first paint, and it adds a <meta name="color-scheme">. In Chromium each of those steps made the
// browser restyle every element of the page: four full restyles while the page started,
// measured in a trace of applications/modern. hooks/palette_toggle.py renames the component's
// marker, so the theme leaves the toggle to this script, which changes the page's colours only
// when the palette differs from the one applied. The page's own color-scheme comes from a rule
// in extra.css instead of the meta. Under Zensical, which ignores hooks, the theme's component
// runs and this script does nothing.
//
// What it keeps from the theme: the choice is stored as the theme stores it (__md_set), so its
// inline script applies it on the next page; a first visit follows the system's preference, and
// an automatic option ("(prefers-color-scheme)") follows it always; the toggle shows the icon
// that leads to the other palette; Enter switches; colour transitions are held while colours
// change; the browser's theme-color follows the header (set after the first paint, when reading
// the header's colour costs nothing).
(() => {
  const form = document.querySelector("form[data-onexone-palette]");
  if (!form || typeof __md_get !== "function") return;
  const inputs = [...form.querySelectorAll("input")];
  const body = document.body;
  const meta = document.createElement("meta");
  meta.name = "theme-color";
  document.head.append(meta);
  const light = matchMedia("(prefers-color-scheme: light)");

  function paletteOf(index) {
    const media = inputs[index].getAttribute("data-md-color-media");
    // The automatic option takes its colours from the light or the dark option, as the theme's.
    const from = media !== "(prefers-color-scheme)" ? inputs[index] : form.querySelector(
      `[data-md-color-media='(prefers-color-scheme: ${light.matches ? "light" : "dark"})']`,
    ) || inputs[index];
    const read = name => from.getAttribute(`data-md-color-${name}`);
    const color = { media, scheme: read("scheme"), primary: read("primary") };
    return { index, color: { ...color, accent: read("accent") } };
  }

  function themeColor() {
    const header = document.querySelector("header.md-header");
    const rgb = header && getComputedStyle(header).backgroundColor.match(/\d+/g);
    const hex = v => (+v).toString(16).padStart(2, "0");
    if (rgb) meta.content = "#" + rgb.slice(0, 3).map(hex).join("");
  }

  let current = 0;
  function apply(index) {
    const palette = paletteOf(index);
    const changes = Object.entries(palette.color).filter(
      ([key, value]) => body.getAttribute(`data-md-color-${key}`) !== value,
    );
    if (changes.length) body.setAttribute("data-md-color-switching", "");
    for (const [key, value] of changes) body.setAttribute(`data-md-color-${key}`, value);
    inputs.forEach((input, i) => {
      const label = input.nextElementSibling;
      if (label instanceof HTMLElement) label.hidden = i !== index;
    });
    __md_set("__palette", palette);
    current = index;
    if (changes.length) {
      if (meta.content) themeColor(); // a reader's switch; at load, after the first paint
      setTimeout(() => body.removeAttribute("data-md-color-switching"));
    }
  }

  const stored = __md_get("__palette");
  const media = input => input.getAttribute("data-md-color-media");
  const preferred = inputs.findIndex(input => matchMedia(media(input)).matches);
  const first = Number.isInteger(stored?.index) && stored.color ? stored.index : preferred;
  apply(Math.max(0, Math.min(first, inputs.length - 1)));
  requestAnimationFrame(() => setTimeout(themeColor));

  form.addEventListener("change", event => {
    const index = inputs.indexOf(event.target);
    if (index >= 0) apply(index);
  });
  form.addEventListener("keydown", event => {
    if (event.key !== "Enter") return;
    const next = inputs[(current + 1) % inputs.length];
    next.click();
    next.focus();
  });
  light.addEventListener("change", () => apply(current)); // only the automatic option changes
})();
