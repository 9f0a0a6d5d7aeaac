// The staff menu on a tablet or a phone: folded behind its button so the page starts on the
// first screen. Wide screens always show it. Without JavaScript the button stays hidden and
// the menu is simply shown (progressive enhancement).
(function () {
  "use strict";
  var nav = document.querySelector("[data-staff-nav]");
  if (!nav) { return; }
  var toggle = nav.querySelector(".staff-nav__toggle");
  var menu = document.getElementById(toggle.getAttribute("aria-controls"));
  // The same width as the @media rule in app.css (64rem).
  var narrow = window.matchMedia("(max-width: 63.99rem)");

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", String(open));
    menu.hidden = !open;
  }

  function fit() {
    toggle.hidden = !narrow.matches;
    setOpen(!narrow.matches);
  }

  toggle.addEventListener("click", function () {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });
  // Escape closes the open menu from anywhere inside it and returns to the button.
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && narrow.matches && !menu.hidden) {
      setOpen(false);
      toggle.focus();
    }
  });
  if (narrow.addEventListener) {
    narrow.addEventListener("change", fit);
  } else {
    narrow.addListener(fit); // Safari before 14
  }
  fit();
})();
