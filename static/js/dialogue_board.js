// The dialogue's board (dialogues/board.html), on top of forms that work without it:
//
// - drag and drop: a card ([data-card], draggable) dropped on a group box ([data-drop] with the
//   group's id) or on 「まだグループにないカード」 ([data-drop="none"]) submits the card's own
//   「移動先」 form with that choice, by fetch() with the page's CSRF token, then reloads the
//   board (which shows the message). The select and its button stay the way to do the same by
//   keyboard, and the only way without this script.
// - after a card is added the board opens at #card-entry: the text field gets the focus again
//   (the autofocus attribute alone is skipped by browsers when the address has a fragment).
(function () {
  "use strict";

  var entry = document.getElementById("card-entry");
  if (entry && window.location.hash === "#card-entry") {
    entry.focus();
  }

  var dragged = null;

  function moveForm(card) {
    return card.querySelector("form[data-move-form]");
  }

  function submitMove(card, target) {
    var form = moveForm(card);
    if (!form) return;
    var select = form.querySelector("select[name=to]");
    var offered = Array.prototype.some.call(select.options, function (option) {
      return option.value === target;
    });
    if (!offered) return; // dropped where it already is
    select.value = target;
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    card.setAttribute("aria-busy", "true");
    // "manual": the redirect is not followed, so its message is still waiting for the reload.
    window
      .fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": token ? token.value : "" },
      })
      .then(function () {
        // Back at the card after the reload (an address with a fragment also keeps the
        // autofocus of the card entry from pulling the page up to it).
        window.history.replaceState(null, "", "#card-" + card.getAttribute("data-card"));
        window.location.reload();
      }, function () {
        // Offline or refused before an answer: the same form, posted the ordinary way.
        form.submit();
      });
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-card]");
    if (!card) return;
    dragged = card;
    card.classList.add("dialogue-card--dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-card"));
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dialogue-card--dragging");
    dragged = null;
    Array.prototype.forEach.call(document.querySelectorAll(".dialogue-drop-here"), function (box) {
      box.classList.remove("dialogue-drop-here");
    });
  });

  function dropZone(event) {
    return dragged && event.target.closest ? event.target.closest("[data-drop]") : null;
  }

  document.addEventListener("dragover", function (event) {
    var zone = dropZone(event);
    if (!zone) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    zone.classList.add("dialogue-drop-here");
  });

  document.addEventListener("dragleave", function (event) {
    var zone = dropZone(event);
    if (zone && !zone.contains(event.relatedTarget)) zone.classList.remove("dialogue-drop-here");
  });

  document.addEventListener("drop", function (event) {
    var zone = dropZone(event);
    if (!zone) return;
    event.preventDefault();
    submitMove(dragged, zone.getAttribute("data-drop"));
  });
})();
