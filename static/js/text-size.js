// 文字サイズ switch for the public pages: 標準 / 大 / 特大, remembered in this browser.
// The buttons are hidden until this script runs, so without JavaScript nothing is broken.
(function () {
  "use strict";
  var KEY = "sasaeai-text-size";
  var SIZES = ["normal", "large", "x-large"];
  var root = document.documentElement;
  var group = document.querySelector("[data-text-size]");

  function apply(size) {
    SIZES.forEach(function (s) { root.classList.remove("text-" + s); });
    root.classList.add("text-" + size);
    if (group) {
      group.querySelectorAll("button").forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.value === size));
      });
    }
  }

  var saved = null;
  try { saved = window.localStorage.getItem(KEY); } catch (e) { saved = null; }
  apply(SIZES.indexOf(saved) >= 0 ? saved : "normal");
  if (!group) { return; }
  group.hidden = false;
  group.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || SIZES.indexOf(button.value) < 0) { return; }
    apply(button.value);
    try { window.localStorage.setItem(KEY, button.value); } catch (e) { /* private mode */ }
  });
})();
