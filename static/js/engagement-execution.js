// Engagements — execution side. No inline script: behaviour hangs on data- attributes.
(function () {
  "use strict";

  // Monthly review: mark a row as 入力あり once something in it changes, so the advisor sees at a
  // glance which actions will be recorded (rows left as they are are skipped on save).
  document.addEventListener("input", markRow);
  document.addEventListener("change", markRow);

  function markRow(event) {
    var row = event.target.closest && event.target.closest("[data-review-row]");
    if (!row) {
      return;
    }
    row.classList.add("is-changed");
    var label = row.querySelector(".review-row__changed");
    if (label) {
      label.textContent = "✎ 入力あり";
    }
  }
})();
