// Progressive enhancement: a filter chosen with the mouse or a finger applies at once.
// A change made with the keyboard waits for the "Show groups" button, so that moving
// through radio buttons or a list with the arrow keys never reloads the page under the
// visitor (WCAG 3.2.2). Without this script the button does everything.
let lastPointer = 0;
document.addEventListener("pointerdown", () => { lastPointer = Date.now(); }, true);
document.addEventListener("change", (event) => {
  const field = event.target;
  const byPointer = Date.now() - lastPointer < 5000;
  if (byPointer && field.matches("[data-autosubmit]") && field.form) {
    field.form.requestSubmit();
  }
});

// On a phone the filters would push the results a whole screen down: fold them (the summary
// "Filters" opens them again). Without this script they stay open, and a link jumps past them.
const filters = document.querySelector("[data-collapse-on-narrow]");
if (filters && window.matchMedia("(max-width: 59.99rem)").matches) {
  filters.open = false;
  document.querySelector(".to-results")?.setAttribute("hidden", "");
}
