// Shows only the parts of a schedule that its pattern uses, so the row reads like its sentence.
// Without JavaScript every part stays visible and the server still validates the whole row.
(function () {
  function update(fieldset) {
    var pattern = fieldset.querySelector("select[name$='-pattern']");
    if (!pattern) return;
    fieldset.querySelectorAll("[data-when]").forEach(function (part) {
      var shown = part.getAttribute("data-when").split(" ").indexOf(pattern.value) !== -1;
      part.hidden = !shown;
    });
  }
  document.querySelectorAll("[data-schedule]").forEach(function (fieldset) {
    update(fieldset);
    fieldset.addEventListener("change", function (event) {
      if (event.target.name && event.target.name.endsWith("-pattern")) update(fieldset);
    });
  });
})();
