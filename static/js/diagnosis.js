// Diagnosis pages: year selector, print button, and live checks on the statement form.
// No inline script (strict CSP); behaviour is attached by data- attributes.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) {
      event.target.form.submit();
    }
  });

  var form = document.querySelector(".statement-form");
  if (!form) {
    return;
  }

  // "１２，３４５" / "△1,234" / "-5" → number (NaN when blank or unreadable).
  function parse(text) {
    var value = (text || "").trim();
    if (value === "") {
      return NaN;
    }
    value = value.replace(/[０-９．－]/g, function (ch) {
      return String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
    });
    var negative = /^[△▲\-−ー‐]/.test(value);
    value = value.replace(/^[△▲\-−ー‐]/, "").replace(/[,，円¥\s]/g, "");
    var number = Number(value);
    return negative ? -number : number;
  }

  function unit() {
    var checked = form.querySelector("input[name=unit]:checked");
    return checked && checked.value === "yen" ? "円" : "千円";
  }

  function show(name, value) {
    var output = form.querySelector("[data-calc=" + name + "]");
    if (!output) {
      return;
    }
    if (isNaN(value)) {
      output.textContent = "—";
      return;
    }
    var text = Math.abs(value).toLocaleString("ja-JP", { maximumFractionDigits: 3 });
    output.textContent = (value < 0 ? "△" : "") + text + unit();
  }

  function line(key) {
    var input = form.querySelector("[data-line=" + key + "]");
    return input ? parse(input.value) : NaN;
  }

  function orZero(value) {
    return isNaN(value) ? 0 : value;
  }

  function update() {
    var sales = line("net_sales");
    var cost = line("cost_of_sales");
    var sga = line("sga");
    show("gross_profit", sales - orZero(cost));
    show("operating_check", isNaN(cost) && isNaN(sga) ? NaN : sales - orZero(cost) - orZero(sga));
    var liabilities = line("total_liabilities");
    show("balance_check", liabilities + line("net_assets"));
    form.querySelectorAll(".form-grid--amounts .unit").forEach(function (span) {
      span.textContent = unit();
    });
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
