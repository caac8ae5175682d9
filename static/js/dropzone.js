// Drag and drop onto any [data-dropzone]: the dropped file goes into the zone's own <input type=file>,
// so the one form submits it as if chosen with the button. No inline script (CSP).
(function () {
  "use strict";

  function setup(zone) {
    var input = zone.querySelector("input[type=file]");
    var name = zone.querySelector("[data-dropzone-name]");
    if (!input) return;

    function show() {
      if (name) name.textContent = input.files && input.files.length ? "選択中: " + input.files[0].name : "";
    }

    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("is-over");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("is-over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) return;
      var transfer = new DataTransfer();
      transfer.items.add(files[0]);
      input.files = transfer.files;
      show();
    });
    input.addEventListener("change", show);
  }

  function init() {
    document.querySelectorAll("[data-dropzone]").forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
