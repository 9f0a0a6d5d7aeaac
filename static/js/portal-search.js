// The search page after a search: on a phone its conditions stay folded under 「条件を変える」
// so the results come first; on a wide screen there is room, so they open. A link to #filters
// opens them too. On print pages, the 「印刷する」 button calls the browser's print.
// Without JavaScript the <details> still opens and closes, and the browser's print works.
(function () {
  "use strict";
  var filters = document.getElementById("filters");
  if (filters && filters.hasAttribute("data-fold-narrow") && window.matchMedia("(min-width: 48em)").matches) {
    filters.open = true;
  }
  function openFilters() {
    if (!filters) { return; }
    filters.open = true;
    var first = filters.querySelector("input, select");
    if (first) { first.focus(); }
  }
  if (filters && window.location.hash === "#filters") { filters.open = true; }
  document.querySelectorAll("[data-open-filters]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      openFilters();
      filters.scrollIntoView();
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
