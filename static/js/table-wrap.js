// Tables wider than the page scroll inside their .table-wrap. So that keyboard and screen
// reader users can reach and scroll it, each wrap is a named region that takes the focus
// (role=region, aria-label from the table's caption, tabindex=0). Templates may give these
// themselves; this fills in what a template left out.
(function () {
  "use strict";
  document.querySelectorAll(".table-wrap").forEach(function (wrap) {
    if (!wrap.hasAttribute("role")) { wrap.setAttribute("role", "region"); }
    if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
      var table = wrap.querySelector("table");
      var caption = table && table.caption ? table.caption.textContent : "";
      var name = (caption || (table && table.getAttribute("aria-label")) || "").replace(/\s+/g, " ").trim();
      wrap.setAttribute("aria-label", name || "表");
    }
    if (!wrap.hasAttribute("tabindex")) { wrap.setAttribute("tabindex", "0"); }
  });
})();
