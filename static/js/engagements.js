// 伴走支援 (engagements): autosave of the dialogue form, quick picks, file checks, print.
// No inline script anywhere (strict CSP): behaviour is attached by data- attributes.
(function () {
  "use strict";

  var AUTOSAVE_PAUSE_MS = 1500;   // save when typing pauses this long
  var AUTOSAVE_EVERY_MS = 8000;   // and at least this often while typing goes on

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function draftData(form) {
    var data = new FormData(form);
    data.delete("attachments");  // files are uploaded when the dialogue is saved, not in drafts
    return data;
  }

  // <form data-autosave-url="…" data-autosave-status="id">: post what is typed as a draft when typing
  // pauses (and every few seconds while it goes on), warn before leaving with changes not yet saved,
  // and hand the last changes to the server with sendBeacon when the page is hidden or closed.
  function setUpAutosave(form) {
    var url = form.getAttribute("data-autosave-url");
    var status = document.getElementById(form.getAttribute("data-autosave-status"));
    var dirty = false;
    var saving = false;
    var submitting = false;
    var pauseTimer = null;
    var lastSaved = 0;

    function show(message, state) {
      if (!status) { return; }
      status.textContent = message;
      status.classList.toggle("is-saved", state === "saved");
      status.classList.toggle("is-error", state === "error");
    }

    function save() {
      if (!dirty || saving || submitting) { return; }
      saving = true;
      dirty = false;
      show("下書きを保存しています…", "");
      fetch(url, {
        method: "POST",
        body: draftData(form),
        headers: { "X-CSRFToken": csrfToken(form), "X-Requested-With": "fetch" },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (body) {
        lastSaved = Date.now();
        show(body.message || "下書きを自動保存しました", "saved");
        form.setAttribute("data-autosaved", body.saved_at || "");
      }).catch(function () {
        dirty = true;
        show("下書きを自動保存できませんでした。通信状況を確かめてください（入力はこの画面に残っています）。", "error");
      }).then(function () {
        saving = false;
      });
    }

    function changed() {
      dirty = true;
      window.clearTimeout(pauseTimer);
      pauseTimer = window.setTimeout(save, AUTOSAVE_PAUSE_MS);
      if (Date.now() - lastSaved > AUTOSAVE_EVERY_MS && lastSaved !== 0) { save(); }
      if (lastSaved === 0) { lastSaved = Date.now(); }
    }

    form.addEventListener("input", function (event) {
      if (event.target.type !== "file") { changed(); }
    });
    form.addEventListener("change", function (event) {
      if (event.target.type !== "file") { changed(); }
    });
    form.addEventListener("submit", function () {
      submitting = true;
      window.clearTimeout(pauseTimer);
    });

    function flush() {
      if (dirty && !submitting && navigator.sendBeacon) {
        if (navigator.sendBeacon(url, draftData(form))) { dirty = false; }
      }
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { flush(); }
    });
    window.addEventListener("pagehide", flush);
    window.addEventListener("beforeunload", function (event) {
      if ((dirty || saving) && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  // <button data-fill="input id" data-value="60">: quick picks (e.g. the duration) fill a field;
  // the pick that matches the field's value shows as pressed.
  function markPicks(input) {
    document.querySelectorAll("[data-fill='" + input.id + "']").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-value") === input.value.trim() ? "true" : "false");
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-fill]");
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("data-fill"));
    if (!input) { return; }
    input.value = button.getAttribute("data-value");
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  document.addEventListener("input", function (event) {
    if (event.target.id && document.querySelector("[data-fill='" + event.target.id + "']")) {
      markPicks(event.target);
    }
  });

  // <input type=file data-max-bytes="…" data-max-label="20MB">: refuse too-large files before upload.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) { return; }
    var limit = parseInt(input.getAttribute("data-max-bytes"), 10);
    var error = input.closest("form").querySelector("[data-file-error]");
    var tooBig = Array.prototype.filter.call(input.files, function (f) { return f.size > limit; });
    if (tooBig.length && error) {
      error.textContent = "「" + tooBig.map(function (f) { return f.name; }).join("」「") + "」は大きすぎます。" +
        "添付できるのは 1 ファイル " + input.getAttribute("data-max-label") + " までです。";
      error.hidden = false;
      input.value = "";
    } else if (error) {
      error.hidden = true;
      error.textContent = "";
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave-url]").forEach(setUpAutosave);
    document.querySelectorAll("[data-fill]").forEach(function (button) {
      var input = document.getElementById(button.getAttribute("data-fill"));
      if (input) { markPicks(input); }
    });
  });
})();
