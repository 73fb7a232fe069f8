/* Town suggestions as one types, for the town fields of Appui's forms (appui.territory.forms).

   Without this script the field is a plain text box that the server reads ("Nancy",
   "54000", "Nancy (54)"). With it, the box becomes an ARIA 1.2 combobox with a listbox popup
   and list autocomplete, selection by the user only (the WAI-ARIA Authoring Practices'
   pattern): suggestions come from POST /api/territory/suggest (the text in the body, never in
   an address that access logs keep); Down and Up move through them, Enter or a click puts
   the town's label in the box, Escape closes the list (and still counts towards the quick
   exit's "Esc twice": it is never stopped), Tab leaves. A polite status line tells screen
   readers how many towns were found. Every `.commune-field[data-commune-suggest]` of the page
   is set up once, however many times the field's template includes this file. */
(function () {
  "use strict";

  if (window.appuiCommuneField) {
    return;
  }
  window.appuiCommuneField = true;

  var DELAY_MS = 150;
  var MIN_CHARS = 2;
  var LIMIT = 8;
  var count = 0;

  function loadStylesheet(href) {
    if (!href || document.querySelector('link[data-commune-field]')) {
      return;
    }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.setAttribute("data-commune-field", "");
    document.head.appendChild(link);
  }

  function setUp(field) {
    var input = field.querySelector("input[type=text]");
    if (!input || input.getAttribute("role") === "combobox") {
      return;
    }
    count += 1;
    var url = field.getAttribute("data-commune-suggest");
    var listId = (input.id || "commune-field-" + count) + "-suggestions";
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var options = [];
    var active = -1;
    var timer = null;
    var request = null;
    var answers = {};

    list.id = listId;
    list.className = "commune-field__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", field.getAttribute("data-list-label") || "");
    list.hidden = true;
    status.className = "commune-field__status";
    status.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function isOpen() {
      return !list.hidden;
    }

    function open() {
      if (options.length) {
        list.style.width = input.offsetWidth + "px"; // as wide as the box (CSSOM: CSP allows it)
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      activate(-1);
    }

    function activate(index) {
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "false");
      }
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      var option = options[index];
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      if (option.scrollIntoView) {
        option.scrollIntoView({ block: "nearest" });
      }
    }

    function choose(option) {
      input.value = option.getAttribute("data-label");
      close();
      options = [];
      list.textContent = "";
      status.textContent = "";
      // The towns the server offered for the previous text no longer apply.
      var choices = field.querySelector(".commune-field__choices");
      if (choices) {
        choices.querySelectorAll("input[type=radio]").forEach(function (radio) {
          radio.checked = false;
        });
        choices.hidden = true;
      }
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function say(towns) {
      if (!towns.length) {
        return field.getAttribute("data-found-none") || "";
      }
      var key = towns.length === 1 ? "data-found-one" : "data-found-many";
      return (field.getAttribute(key) || "").replace("{count}", String(towns.length));
    }

    function show(towns) {
      list.textContent = "";
      options = towns.map(function (town, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.className = "commune-field__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-label", town.label);
        option.textContent = town.label;
        var area = document.createElement("span");
        area.className = "commune-field__area";
        area.textContent = ", " + town.departement_name;
        option.appendChild(area);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // the box keeps the focus
        });
        option.addEventListener("click", function () {
          choose(option);
        });
        list.appendChild(option);
        return option;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      status.textContent = say(towns);
      if (options.length && document.activeElement === input) {
        open();
      } else {
        close();
      }
    }

    function suggest() {
      var text = input.value.trim();
      if (text.length < MIN_CHARS) {
        if (request) {
          request.abort();
        }
        options = [];
        list.textContent = "";
        status.textContent = "";
        close();
        return;
      }
      if (answers[text]) {
        show(answers[text]);
        return;
      }
      if (request) {
        request.abort();
      }
      request = new AbortController();
      window
        .fetch(url, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify({ q: text, limit: LIMIT }),
          signal: request.signal,
        })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (body) {
          answers[text] = body.results || [];
          if (input.value.trim() === text) {
            show(answers[text]);
          }
        })
        .catch(function () {
          // Aborted, or offline: the box still works as a plain text field.
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "Down") {
        event.preventDefault();
        if (!options.length) {
          suggest();
          return;
        }
        open();
        if (!event.altKey) {
          activate(active < options.length - 1 ? active + 1 : 0);
        }
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        if (!options.length) {
          return;
        }
        event.preventDefault();
        if (event.altKey) {
          close();
          return;
        }
        open();
        activate(active > 0 ? active - 1 : options.length - 1);
      } else if (event.key === "Enter") {
        if (isOpen() && active >= 0) {
          event.preventDefault();
          choose(options[active]);
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (isOpen()) {
          close();
        }
      } else if (event.key === "Tab") {
        close();
      } else if (/^(ArrowLeft|ArrowRight|Left|Right|Home|End)$/.test(event.key)) {
        activate(-1); // back to editing the text
      }
    });

    input.addEventListener("blur", close);
  }

  var fields = document.querySelectorAll(".commune-field[data-commune-suggest]");
  if (fields.length) {
    loadStylesheet(fields[0].getAttribute("data-commune-stylesheet"));
  }
  fields.forEach(setUp);
})();
