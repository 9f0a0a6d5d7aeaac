// Narrows a long list of checkboxes (e.g. every venue of the city) as the user types; checked
// ones always stay visible. Matching folds katakana to hiragana and full width to half width.
(function () {
  function fold(text) {
    return text.normalize("NFKC").toLowerCase().replace(/[\u30a1-\u30f6]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0x60);
    }).replace(/\s+/g, "");
  }
  document.querySelectorAll("[data-filter-choices]").forEach(function (box) {
    var input = box.querySelector("[data-filter-input]");
    var choices = box.querySelectorAll(".choice");
    input.addEventListener("input", function () {
      var needle = fold(input.value);
      choices.forEach(function (choice) {
        var checked = choice.querySelector("input").checked;
        choice.hidden = needle !== "" && !checked && fold(choice.textContent).indexOf(needle) === -1;
      });
    });
  });
})();
