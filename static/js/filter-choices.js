// Type-to-filter for long lists, in two forms that share one way of matching (fold: katakana to
// hiragana, full width to half width, spaces ignored, so 「ｻﾛﾝ」「さろん」 both find 「サロン」).
//
// 1. [data-filter-choices]: narrows a long list of checkboxes (e.g. every venue of the city) as
//    the user types; checked ones always stay visible.
// 2. select[data-combobox]: turns a <select> (or <select multiple>) of hundreds of options into
//    a combobox with a filtered listbox, following the WAI-ARIA APG "editable combobox with list
//    autocomplete" pattern: role=combobox, aria-expanded, aria-controls, aria-activedescendant;
//    ↓/↑ move, Enter chooses, Escape closes (a second Escape clears), Alt+↓ opens. The select
//    stays in the form, hidden, and carries the value: without JavaScript it is the plain select.
//    A multiple select shows its chosen items as buttons that remove them.
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

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function enhance(select) {
    var multiple = select.multiple;
    var id = select.id;
    var listId = id + "-listbox";
    var wrap = el("div", { "class": "combobox" + (multiple ? " combobox--multiple" : "") });
    var chosen = multiple ? el("ul", { "class": "combobox-chosen" }) : null;
    var input = el("input", {
      type: "text", id: id + "-combobox", "class": "combobox-input", role: "combobox",
      autocomplete: "off", "aria-autocomplete": "list", "aria-expanded": "false",
      "aria-controls": listId
    });
    var hintId = id + "-combobox-hint";
    var hint = el("span", { id: hintId, "class": "help" },
      multiple ? "名前の一部を入力し、↓で候補を選んでEnterで追加します。"
               : "名前の一部を入力し、↓で候補を選んでEnterで決めます。");
    var list = el("div", { id: listId, role: "listbox", "class": "combobox-list", hidden: "" });
    var status = el("div", { "class": "visually-hidden", role: "status" });
    var described = [hintId];
    if (select.getAttribute("aria-describedby")) { described.unshift(select.getAttribute("aria-describedby")); }
    input.setAttribute("aria-describedby", described.join(" "));
    if (select.getAttribute("aria-invalid")) { input.setAttribute("aria-invalid", select.getAttribute("aria-invalid")); }
    if (multiple) { list.setAttribute("aria-multiselectable", "true"); }

    // Links to the select (the error summary's 「つなぐ先: …」) now lead to the textbox.
    document.querySelectorAll('a[href="#' + id + '"]').forEach(function (link) {
      link.setAttribute("href", "#" + input.id);
    });

    // The label that named the select now names the textbox (and the listbox).
    var label = document.querySelector('label[for="' + id + '"]');
    if (label) {
      if (!label.id) { label.id = id + "-label"; }
      label.htmlFor = input.id;
      list.setAttribute("aria-labelledby", label.id);
      if (chosen) { chosen.setAttribute("aria-label", label.textContent.replace(/（必須）/, "").trim() + "（選んだもの）"); }
    }

    // One row per real option (the empty "（選ばない）" is what an empty textbox means).
    var rows = [];
    var n = 0;
    function addRow(option, parent) {
      if (option.value === "") { return; }
      n += 1;
      var row = el("div", { id: listId + "-" + n, role: "option", "class": "combobox-option" }, option.text);
      row.dataset.value = option.value;
      parent.appendChild(row);
      rows.push({ node: row, option: option, key: fold(option.text), group: parent === list ? null : parent });
    }
    Array.prototype.forEach.call(select.children, function (child, i) {
      if (child.tagName === "OPTGROUP") {
        var headId = listId + "-g" + i;
        var group = el("div", { role: "group", "aria-labelledby": headId, "class": "combobox-group" });
        group.appendChild(el("div", { id: headId, "class": "combobox-group-label" }, child.label));
        Array.prototype.forEach.call(child.children, function (option) { addRow(option, group); });
        list.appendChild(group);
      } else {
        addRow(child, list);
      }
    });

    select.hidden = true;
    select.setAttribute("tabindex", "-1");
    select.parentNode.insertBefore(wrap, select);
    // Chosen items come first, so the open list never covers them.
    if (chosen) { wrap.appendChild(chosen); }
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(status);
    wrap.parentNode.insertBefore(hint, wrap);
    wrap.appendChild(select);

    var active = -1; // index into visible
    var visible = [];

    function selectedText() {
      var option = select.options[select.selectedIndex];
      return option && option.value !== "" ? option.text : "";
    }

    function renderChosen() {
      if (!chosen) { return; }
      chosen.textContent = "";
      rows.forEach(function (row) {
        if (!row.option.selected) { return; }
        var item = el("li");
        var button = el("button", { type: "button", "class": "combobox-remove" });
        button.appendChild(document.createTextNode(row.option.text + " "));
        button.appendChild(el("span", { "aria-hidden": "true" }, "×"));
        button.appendChild(el("span", { "class": "visually-hidden" }, "を外す"));
        button.addEventListener("click", function () {
          row.option.selected = false;
          renderChosen();
          markSelected();
          status.textContent = row.option.text + "を外しました。";
          input.focus();
        });
        item.appendChild(button);
        chosen.appendChild(item);
      });
      chosen.hidden = !chosen.children.length;
    }

    function markSelected() {
      rows.forEach(function (row) { row.node.setAttribute("aria-selected", row.option.selected ? "true" : "false"); });
    }

    function filter() {
      var needle = fold(input.value);
      // A single select shows every option while its text is still the chosen name.
      if (!multiple && input.value === selectedText()) { needle = ""; }
      visible = [];
      rows.forEach(function (row) {
        var show = needle === "" || row.key.indexOf(needle) !== -1;
        row.node.hidden = !show;
        if (show) { visible.push(row); }
      });
      list.querySelectorAll(".combobox-group").forEach(function (group) {
        group.hidden = !group.querySelector('[role="option"]:not([hidden])');
      });
      status.textContent = visible.length ? visible.length + "件の候補があります。" : "候補がありません。";
      setActive(-1);
    }

    function open() {
      if (!list.hidden) { return; }
      filter();
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function setActive(index) {
      if (active >= 0 && visible[active]) { visible[active].node.classList.remove("combobox-option--active"); }
      active = index;
      if (index >= 0 && visible[index]) {
        var node = visible[index].node;
        node.classList.add("combobox-option--active");
        input.setAttribute("aria-activedescendant", node.id);
        node.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(row) {
      if (multiple) {
        row.option.selected = !row.option.selected;
        // The typed text and the list stay, so several similar names can be added in a row.
        status.textContent = row.option.text + (row.option.selected ? "を追加しました。" : "を外しました。");
        renderChosen();
        markSelected();
      } else {
        select.value = row.option.value;
        input.value = row.option.text;
        markSelected();
        close();
      }
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    // Leaving a single select's textbox: empty text means "none", otherwise the text goes back
    // to the chosen option's name, so what is shown is always what will be saved.
    function settle() {
      if (multiple) { input.value = ""; return; }
      if (input.value.trim() === "") {
        select.value = "";
        markSelected();
      } else {
        input.value = selectedText();
      }
    }

    input.addEventListener("input", function () {
      if (list.hidden) { open(); } else { filter(); }
    });
    input.addEventListener("click", function () {
      if (list.hidden) { open(); } else { close(); }
    });
    input.addEventListener("keydown", function (event) {
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (list.hidden) { open(); if (event.altKey) { return; } }
          if (visible.length) { setActive(active + 1 < visible.length ? active + 1 : 0); }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (list.hidden) { open(); }
          if (visible.length) { setActive(active > 0 ? active - 1 : visible.length - 1); }
          break;
        case "Enter":
          // Enter on an open list chooses; it never submits the form half-way through a choice.
          if (!list.hidden) {
            event.preventDefault();
            if (active >= 0) { choose(visible[active]); } else if (visible.length === 1) { choose(visible[0]); }
          }
          break;
        case "Escape":
          if (!list.hidden) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            if (!multiple) { select.value = ""; markSelected(); }
          }
          break;
        case "Tab":
          close();
          break;
      }
    });
    input.addEventListener("blur", function () {
      // A click on an option comes after blur; mousedown below keeps the focus in the textbox.
      close();
      settle();
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var node = event.target.closest('[role="option"]');
      if (!node) { return; }
      var row = rows.filter(function (r) { return r.node === node; })[0];
      if (row) { choose(row); }
      input.focus();
    });

    input.value = multiple ? "" : selectedText();
    markSelected();
    renderChosen();
  }

  document.querySelectorAll("select[data-combobox]").forEach(enhance);
})();
