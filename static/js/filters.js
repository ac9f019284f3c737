// Progressive enhancement: a filter chosen with the mouse or a finger applies at once.
// A change made with the keyboard waits for the "Show groups" button, so that moving
// through radio buttons or a list with the arrow keys never reloads the page under the
// visitor (WCAG 3.2.2). Without this script the button does everything.
// (The panel's folding on a phone is done before the first paint by filters-panel.js.)
let lastPointer = 0;
document.addEventListener("pointerdown", () => { lastPointer = Date.now(); }, true);
document.addEventListener("change", (event) => {
  const field = event.target;
  const byPointer = Date.now() - lastPointer < 5000;
  if (byPointer && field.matches("[data-autosubmit]") && field.form) {
    field.form.requestSubmit();
  }
});

// "Near me": the browser asks the visitor's consent when, and only when, the button is
// pressed. The position is rounded to 2 decimals (about 1 km) before it goes into the form,
// which sends it to this site as a search like any other filter; nothing is stored. The
// postcode is emptied, as the site measures from a postcode rather than a position.
{
  const nearMe = document.querySelector("[data-near-me]");
  if (nearMe?.form && "geolocation" in navigator && window.isSecureContext) {
    const form = nearMe.form;
    const status = form.querySelector("[data-near-status]");
    const round = (degrees) => (Math.round(degrees * 100) / 100).toFixed(2);
    let locating = false;
    nearMe.addEventListener("click", () => {
      if (locating) {
        return;
      }
      locating = true;
      status.textContent = nearMe.dataset.locating;
      navigator.geolocation.getCurrentPosition(
        (position) => {
          const { latitude, longitude } = position.coords;
          form.querySelector("[data-near-input]").value = `${round(latitude)},${round(longitude)}`;
          const postcode = form.querySelector("#id_postcode");
          if (postcode) {
            postcode.value = "";
          }
          locating = false;
          form.requestSubmit();
        },
        () => {
          locating = false;
          status.textContent = nearMe.dataset.denied;
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 },
      );
    });
  }
}
