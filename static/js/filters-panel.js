// The filter panel's first state, decided before the browser paints it. This file is loaded
// as a plain script (neither deferred nor async) from inside the <details>, right after its
// <summary>: it runs while the page is being read, before the filters' fields and the
// results below exist, so folding the panel here moves nothing on screen (no layout shift).
// Without JavaScript the panel stays open on every width, as the server sends it.
(() => {
  const panel = document.currentScript?.closest("details[data-collapse-on-narrow]");
  if (!panel) {
    return;
  }
  // "Near me" is shown (by the CSS, from the first paint) only where the browser can tell a
  // position; filters.js answers the click.
  if ("geolocation" in navigator && window.isSecureContext) {
    panel.classList.add("filters--can-locate");
  }
  // On a phone the filters would push the results a whole screen down: they start folded
  // (the summary "Filters", with the number of active filters, opens them), and the link
  // that jumps past the open filters is not needed.
  if (window.matchMedia("(max-width: 59.99rem)").matches) {
    panel.open = false;
    document.querySelector(".to-results")?.setAttribute("hidden", "");
  }
})();
