// Typesets the page's math with the KaTeX copy shipped in assets/katex (no CDN), in a site
// built by a tool that runs no MkDocs plugin (Zensical). `doccheck init --math` writes it into
// a site's docs/javascripts/; the doccheck package holds the one copy (a site may link to it).
// \claim{snippet: expression}{value} marks a number the tests check; it shows only the value.
//
// Math is what pymdownx.arithmatex marked: `\(...\)` inline, `\[...\]` display. An MkDocs
// build has typeset it already (the doccheck plugin runs this KaTeX, with the options below,
// at build time), so there is nothing left to do. Where a formula is still a source (Zensical,
// which ignores hooks), KaTeX's script (76 KB gzipped) is fetched and the formulas are typeset
// off the page a few at a time (no task long enough to delay a tap), then put in all at once
// (one layout, not one per formula).
// Each formula typeset gets a data-typeset attribute (as the build marks its own), and the
// page then gets a "doccheck:typeset" event: a site's styles and scripts may follow both.
(() => {
  const script =
    document.currentScript || document.querySelector('script[src$="javascripts/katex.js"]');
  const asset = path => new URL(`../assets/katex/${path}`, script.src).href;

  // The build reads this object too (the doccheck plugin): keep it a plain literal.
  const options = /* katex-options */ {
    // A string macro's arguments are counted from #1 up, so "#2" alone would take none:
    // name both and keep the second (the first, the check's key, is never typeset).
    macros: { "\\claim": "\\@secondoftwo{#1}{#2}" },
    throwOnError: false,
  } /* end katex-options */;
  const DELIMITED = /^\s*\\([[(])([\s\S]*)\\[\])]\s*$/;

  const load = (tag, attributes) =>
    new Promise((resolve, reject) => {
      const element = Object.assign(document.createElement(tag), attributes);
      element.onload = resolve;
      element.onerror = () => reject(new Error(`${attributes.href || attributes.src} did not load`));
      document.head.append(element);
    });

  // The styles and the script, once; what the page already has is not loaded again.
  let ready = null;
  const katexReady = () =>
    (ready ??= Promise.all([
      document.querySelector('link[href$="katex.min.css"]')
        ? null
        : load("link", { rel: "stylesheet", href: asset("katex.min.css") }),
      window.katex ? null : load("script", { src: asset("katex.min.js") }),
    ]));

  const tried = new WeakSet(); // each formula once, typeset or not
  const untypeset = () =>
    [...document.querySelectorAll(".arithmatex")].filter(
      e => !tried.has(e) && !e.querySelector(".katex, .katex-error"),
    );

  function commit(pending, html) {
    pending.forEach((element, i) => {
      if (html[i]) element.innerHTML = html[i];
      element.dataset.typeset = "";
    });
    document.dispatchEvent(new Event("doccheck:typeset"));
  }

  const source = element => DELIMITED.exec(element.textContent);
  const render = match =>
    match && katex.renderToString(match[2], { ...options, displayMode: match[1] === "[" });

  async function typeset(pending) {
    await katexReady();
    const html = [];
    let slice = performance.now();
    for (const element of pending) {
      html.push(render(source(element)));
      if (performance.now() - slice > 8) {
        await new Promise(resolve => setTimeout(resolve));
        slice = performance.now();
      }
    }
    commit(pending, html);
  }

  // Started at once (this script runs when the page has been parsed), and again for each page
  // Material's instant navigation brings in.
  let running = null;
  function start() {
    if (running) return;
    const pending = untypeset();
    if (!pending.length) return; // typeset at build time, or already here
    pending.forEach(e => tried.add(e));
    running = typeset(pending)
      .catch(error => {
        document.documentElement.classList.add("math-failed"); // show the sources in full
        console.error(`KaTeX: ${error.message}`);
      })
      .finally(() => {
        running = null;
        start();
      });
  }
  start();
  if (typeof document$ !== "undefined") document$.subscribe(start);
})();
