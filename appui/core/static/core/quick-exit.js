/* Quick exit: leave for a neutral site at once, without leaving this page in the history.
   The button is a plain link, so it also works without JavaScript. */
(function () {
  "use strict";

  var link = document.getElementById("quick-exit");
  if (!link) {
    return;
  }
  var hint = document.getElementById("quick-exit-hint");
  var DOUBLE_PRESS_MS = 1000;
  var lastEscape = 0;

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.body.hidden = true;
    document.title = "";
    window.location.replace(link.href);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") {
      return;
    }
    var now = Date.now();
    if (now - lastEscape <= DOUBLE_PRESS_MS) {
      leave(event);
    } else {
      lastEscape = now;
    }
  });
  if (hint) {
    hint.hidden = false;
  }
})();
