// Spreadsheet-like typing for any table[data-grid] whose editable cells are input[data-grid-cell]:
// arrow keys move (left/right when the caret is at the edge of the text), Enter moves down (Shift+Enter up),
// pasting a tab-separated block (copied from Excel) fills the cells from the focused one.
// Changed cells are marked; leaving the page with unsaved changes asks first. No inline script (CSP).
(function () {
  "use strict";

  function setup(table) {
    var rows = [];
    Array.prototype.forEach.call(table.tBodies[0] ? table.tBodies[0].rows : [], function (tr) {
      var inputs = tr.querySelectorAll("input[data-grid-cell]");
      if (inputs.length) rows.push(Array.prototype.slice.call(inputs));
    });
    if (!rows.length) return;
    var form = table.closest("form");
    var submitting = false;

    rows.forEach(function (cells, r) {
      cells.forEach(function (input, c) {
        input.dataset.gridRow = String(r);
        input.dataset.gridCol = String(c);
      });
    });

    function cellAt(r, c) {
      if (r < 0 || r >= rows.length) return null;
      var row = rows[r];
      if (c < 0 || c >= row.length) return null;
      return row[c];
    }

    function markDirty(input) {
      input.classList.toggle("is-dirty", input.value !== input.defaultValue);
    }

    function dirty() {
      return rows.some(function (cells) {
        return cells.some(function (input) { return input.value !== input.defaultValue; });
      });
    }

    function move(input, dr, dc) {
      var target = cellAt(Number(input.dataset.gridRow) + dr, Number(input.dataset.gridCol) + dc);
      if (target) {
        target.focus();
        target.select();
        return true;
      }
      return false;
    }

    table.addEventListener("focusin", function (event) {
      var input = event.target;
      if (input.matches && input.matches("input[data-grid-cell]")) input.select();
    });

    table.addEventListener("input", function (event) {
      if (event.target.matches("input[data-grid-cell]")) markDirty(event.target);
    });

    table.addEventListener("keydown", function (event) {
      var input = event.target;
      if (!input.matches || !input.matches("input[data-grid-cell]")) return;
      if (event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
      var start = input.selectionStart, end = input.selectionEnd, length = input.value.length;
      var whole = start === 0 && end === length;
      var moved = false;
      switch (event.key) {
        case "ArrowUp": moved = move(input, -1, 0); break;
        case "ArrowDown": moved = move(input, 1, 0); break;
        case "ArrowLeft": if (whole || (start === 0 && end === 0)) moved = move(input, 0, -1); break;
        case "ArrowRight": if (whole || (start === length && end === length)) moved = move(input, 0, 1); break;
        case "Enter":
          move(input, event.shiftKey ? -1 : 1, 0);
          moved = true; // Enter never submits from a cell
          break;
        default: return;
      }
      if (moved) event.preventDefault();
    });

    table.addEventListener("paste", function (event) {
      var input = event.target;
      if (!input.matches || !input.matches("input[data-grid-cell]")) return;
      var text = (event.clipboardData || window.clipboardData).getData("text");
      if (!text || (text.indexOf("\t") < 0 && text.indexOf("\n") < 0)) return; // one value: the browser pastes it
      event.preventDefault();
      var lines = text.replace(/\r\n?/g, "\n").split("\n");
      if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
      var r0 = Number(input.dataset.gridRow), c0 = Number(input.dataset.gridCol);
      lines.forEach(function (line, i) {
        line.split("\t").forEach(function (value, j) {
          var cell = cellAt(r0 + i, c0 + j);
          if (!cell) return;
          cell.value = value.trim();
          markDirty(cell);
        });
      });
    });

    if (form) {
      form.addEventListener("submit", function () { submitting = true; });
    }
    document.querySelectorAll("a[data-grid-leave]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (dirty() && !window.confirm("保存していない変更があります。移動すると変更は失われます。移動しますか？")) {
          event.preventDefault();
        } else {
          submitting = true;
        }
      });
    });
    window.addEventListener("beforeunload", function (event) {
      if (!submitting && dirty()) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  function init() {
    document.querySelectorAll("table[data-grid]").forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
