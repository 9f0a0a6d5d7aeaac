// Tables wider than the page scroll inside their .table-wrap, never the page itself. A table a
// template did not wrap is wrapped here. So that keyboard and screen reader users can reach and
// scroll it, each wrap is a named region (role=region, aria-label from the table's caption) that
// takes the focus (tabindex=0) while it is wider than the screen. Templates may give these
// themselves; this fills in what a template left out.
(function () {
  "use strict";
  document.querySelectorAll("main table").forEach(function (table) {
    if (table.closest(".table-wrap")) { return; }
    var wrap = document.createElement("div");
    wrap.className = "table-wrap";
    wrap.setAttribute("data-wrapped", "");
    table.parentNode.insertBefore(wrap, table);
    wrap.appendChild(table);
  });
  var wraps = document.querySelectorAll(".table-wrap");
  wraps.forEach(function (wrap) {
    if (!wrap.hasAttribute("role")) { wrap.setAttribute("role", "region"); }
    if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
      var table = wrap.querySelector("table");
      var caption = table && table.caption ? table.caption.textContent : "";
      var name = (caption || (table && table.getAttribute("aria-label")) || "").replace(/\s+/g, " ").trim();
      wrap.setAttribute("aria-label", name || "表");
    }
  });
  // A wrap the template made focusable stays so; one wrapped here takes the focus only while it
  // scrolls, so that a table that fits adds no stop to the Tab key.
  function focusable() {
    wraps.forEach(function (wrap) {
      if (wrap.hasAttribute("data-wrapped")) {
        if (wrap.scrollWidth > wrap.clientWidth) { wrap.setAttribute("tabindex", "0"); }
        else { wrap.removeAttribute("tabindex"); }
      } else if (!wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
      }
    });
  }
  focusable();
  window.addEventListener("resize", focusable);
})();
