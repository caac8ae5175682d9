// Aids beside an engagement's forms (banso.core.engagement_form_aids), e.g. the 質問バンク.
// <button data-insert-text="…" data-insert-target="field id">: appends the text to the field as a new
// line and focuses it. <button data-fill-fields='{"id_what": "…", …}'>: fills the named fields (an
// action template); a field that already has text is kept unless the user agrees to replace it.
(function () {
  "use strict";

  function changed(field) {
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("click", function (event) {
    var insert = event.target.closest && event.target.closest("[data-insert-text]");
    if (insert) {
      var field = document.getElementById(insert.getAttribute("data-insert-target"));
      if (!field) return;
      var text = insert.getAttribute("data-insert-text");
      field.value = field.value ? field.value.replace(/\s*$/, "") + "\n" + text : text;
      changed(field);
      field.focus();
      insert.setAttribute("aria-pressed", "true");
      var status = document.getElementById(insert.getAttribute("data-insert-status") || "");
      if (status) status.textContent = "「" + text + "」を入れました。";
      return;
    }
    var fill = event.target.closest && event.target.closest("[data-fill-fields]");
    if (fill) {
      var values;
      try {
        values = JSON.parse(fill.getAttribute("data-fill-fields"));
      } catch (e) {
        return;
      }
      var filled = Object.keys(values).filter(function (id) {
        var f = document.getElementById(id);
        return f && f.value.trim() !== "" && f.value !== values[id];
      });
      if (filled.length && !window.confirm("入力済みの項目をひな形の内容で置き換えます。よろしいですか？")) return;
      var first = null;
      Object.keys(values).forEach(function (id) {
        var f = document.getElementById(id);
        if (!f) return;
        f.value = values[id];
        changed(f);
        first = first || f;
      });
      if (first) first.focus();
    }
  });
})();
