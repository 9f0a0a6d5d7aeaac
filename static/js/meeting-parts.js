// The meeting page saves one part at a time, without reloading the others (so nothing typed in
// another part is lost), and warns before leaving the page with input that is not saved.
//
// - form[data-part]: submitted with fetch() to its own address, with the header X-Meeting-Part.
//   The server answers with the HTML of the parts the save changed (each a [data-part-region]
//   with an id, from the same templates the page includes); each replaces the region with the
//   same id, except a region holding unsaved input in a form other than the one submitted,
//   which is left as it is. The result is read out in #part-announcer (role=status); after a
//   refusal, focus moves to the reasons.
// - beforeunload: a form is unsaved when a field differs from what the page loaded with, or
//   when the server marked it data-unsaved (input kept after a refusal). A save that succeeded
//   replaces the form, so it is no longer unsaved.
// Without this script every form still posts to the same address and comes back to the page.
(function () {
  var announcer = document.getElementById("part-announcer");

  function changed(form) {
    if (form.hasAttribute("data-unsaved")) return true;
    return Array.prototype.some.call(form.elements, function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        return field.checked !== field.defaultChecked;
      }
      if (field.tagName === "SELECT") {
        if (field.multiple) {
          return Array.prototype.some.call(field.options, function (option) {
            return option.selected !== option.defaultSelected;
          });
        }
        // A single select with no option marked selected starts on its first option.
        var initial = Array.prototype.findIndex.call(field.options, function (option) {
          return option.defaultSelected;
        });
        return field.selectedIndex !== Math.max(initial, 0);
      }
      if (field.type === "hidden" || field.type === "submit" || field.type === "button") {
        return false;
      }
      return "defaultValue" in field && field.value !== field.defaultValue;
    });
  }

  function unsavedForms(root) {
    return Array.prototype.filter.call(
      (root || document).querySelectorAll("form[data-part]"),
      changed
    );
  }

  function announce(text) {
    if (!announcer) return;
    // Emptied first, so the same message twice in a row is read out twice.
    announcer.textContent = "";
    window.setTimeout(function () {
      announcer.textContent = text;
    }, 50);
  }

  function focusOn(element) {
    if (!element) return;
    if (!element.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(element.tagName)) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  // The part's address and the submit button's position among its forms, to find the same
  // button in the new HTML and keep the keyboard where it was.
  function buttonIndex(region, form) {
    return Array.prototype.indexOf.call(region.querySelectorAll("form[data-part]"), form);
  }

  function swap(html, form, region) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var incoming = template.content.querySelectorAll("[data-part-region]");
    var mine = null;
    Array.prototype.forEach.call(incoming, function (fresh) {
      var old = document.getElementById(fresh.id);
      if (!old) return;
      if (old !== region && unsavedForms(old).length) return; // never drop someone's typing
      old.replaceWith(fresh);
      if (old === region) mine = fresh;
    });
    return mine;
  }

  function submit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-part")) return;
    if (!window.fetch || !window.FormData) return; // the plain form post still works
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") return;
    var region = form.closest("[data-part-region]");
    var index = region ? buttonIndex(region, form) : -1;
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) {
      data.append(event.submitter.name, event.submitter.value);
    }
    form.setAttribute("aria-busy", "true");
    announce("保存しています…");
    // getAttribute, not form.action: the progress form has an input named "action" (the
    // action item's id), which form.action would return instead of the address.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Meeting-Part": "1" },
    })
      .then(function (response) {
        return response.text().then(function (html) {
          return { ok: response.ok, status: response.status, html: html };
        });
      })
      .then(function (answer) {
        form.removeAttribute("aria-busy");
        var isPart = answer.html.indexOf("data-part-region") !== -1;
        if (!isPart) throw new Error("not a part");
        var fresh = swap(answer.html, form, region);
        if (!fresh) return;
        if (answer.ok) {
          var done = fresh.querySelector(".part-message");
          announce(done ? done.textContent : "保存しました。");
          var forms = fresh.querySelectorAll("form[data-part]");
          var same = forms[index] || forms[0];
          focusOn(same ? same.querySelector("button[type=submit]") : fresh.querySelector("h2"));
        } else {
          // role=alert reads the reasons out; focus goes there so the keyboard follows.
          focusOn(fresh.querySelector("[role=alert]") || fresh.querySelector("h2"));
        }
      })
      .catch(function () {
        form.removeAttribute("aria-busy");
        form.setAttribute("data-unsaved", "");
        announce(
          "保存できませんでした。通信を確かめて、もう一度保存してください。入力した内容は画面に残っています。"
        );
      });
  }

  document.addEventListener("submit", submit);

  // A form that is not a part (e.g. 中止, which asks again on its own page) leaves the page:
  // its own input is being sent, so only the other forms count.
  var leaving = null;
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) leaving = event.target;
  });

  window.addEventListener("beforeunload", function (event) {
    var unsaved = unsavedForms().filter(function (form) {
      return form !== leaving;
    });
    leaving = null;
    if (!unsaved.length) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers show their own wording only when this is set
  });
})();
