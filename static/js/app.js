// Small progressive enhancements. No inline script anywhere: behaviour is attached by data- attributes.
(function () {
  "use strict";

  // <form data-confirm="…">: ask once, in Japanese, before a destructive action.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);

  // <form data-unsaved-warning>: warn before leaving with unsaved changes.
  var dirtyForms = new Set();
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-unsaved-warning")) {
      dirtyForms.add(form);
    }
  });
  document.addEventListener("submit", function (event) {
    dirtyForms.delete(event.target);
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirtyForms.size > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // <input data-select-on-focus>: select the whole value (tokens to copy).
  document.addEventListener("focusin", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-select-on-focus")) {
      event.target.select();
    }
  });

  // <button data-print>: print the page (A4 print views of sheets, the benchmark, the issue tree).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  });

  // Close an open header menu with Esc, returning focus to its toggle.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) {
        summary.focus();
      }
    });
  });

  // Close an open header menu when clicking elsewhere.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) {
        menu.removeAttribute("open");
      }
    });
  });
})();

// After a submit that came back with errors, bring the error to the eye: scroll the form's error
// summary (or the first field in error) into view and focus the first field to fix. Pages render
// errors only in answer to a submit, so a page without errors is left where it is.
(function () {
  "use strict";

  function firstControl(scope) {
    return scope.querySelector(
      "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])"
    );
  }

  function showFirstError() {
    var marker = document.querySelector("main .form-errors, main .field--error, main .error:not([hidden])");
    if (!marker) {
      return;
    }
    var form = marker.closest("form");
    var field = (form || document).querySelector(".field--error");
    var control = field ? firstControl(field) : form ? firstControl(form) : null;
    var target = marker;
    if (control) {
      control.focus({ preventScroll: true });
    } else {
      if (!target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus({ preventScroll: true });
    }
    target.scrollIntoView({ block: "center" });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showFirstError);
  } else {
    showFirstError();
  }
})();

// A field that takes focus under the sticky save bar (the browser scrolls only a field that is fully
// out of view) is brought above it; scroll-padding-bottom keeps the bar's height free.
document.addEventListener("focusin", (event) => {
  const bar = document.querySelector(".form-actions--sticky");
  const field = event.target;
  if (!bar || !(field instanceof HTMLElement) || !field.matches("input, select, textarea")) return;
  const box = field.getBoundingClientRect(), barBox = bar.getBoundingClientRect();
  if (box.bottom > barBox.top && box.top < barBox.bottom) field.scrollIntoView({ block: "nearest" });
});
