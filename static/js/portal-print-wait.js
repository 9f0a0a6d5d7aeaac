// The waiting page of a large area's PDF: asks the same address for the job's progress every
// three seconds (as JSON), shows it in the bar and in the status line (read out by screen
// readers), and opens the PDF once it is made. A failed job is reported and made again only
// when 「もう一度開く」 is pressed; without JavaScript that button is the way to look again.
(function () {
  "use strict";
  var box = document.querySelector("[data-print-wait]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-print-wait");
  var bar = document.getElementById("print-progress-bar");
  var status = document.getElementById("print-progress");
  var failures = 0;
  function ask() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (state) {
        bar.value = state.progress;
        bar.textContent = state.progress + "％";
        if (state.text && status.textContent !== state.text) { status.textContent = state.text; }
        if (state.done) {
          window.location.assign(url);
        } else if (!state.failed) {
          window.setTimeout(ask, 3000);
        }
      })
      .catch(function () {
        failures += 1;
        if (failures < 5) {
          window.setTimeout(ask, 5000);
        } else {
          status.textContent = "進み具合を確かめられません。「もう一度開く」を押してください。";
        }
      });
  }
  window.setTimeout(ask, 1000);
})();
