/* Quick exit: leave for a neutral site at once, without leaving this page in the history,
   and have the server forget the guide's answers on the way out.

   The button is a plain link, so it also works without JavaScript: it then leads to the
   neutral site (or to the server's own exit, when there is one, which forgets the answers
   first). With JavaScript, `data-exit-to` is the neutral site and `data-forget` the guide's
   "forget my answers" address, which a beacon posts to: a same-origin POST, as the guide's
   Fetch Metadata check asks, sent even though the page is leaving. */
(function () {
  "use strict";

  var link = document.getElementById("quick-exit");
  if (!link) {
    return;
  }
  var hint = document.getElementById("quick-exit-hint");
  var target = link.getAttribute("data-exit-to") || link.href;
  var forgetUrl = link.getAttribute("data-forget");
  var DOUBLE_PRESS_MS = 1000;
  var lastEscape = 0;
  var leaving = false;

  function forget() {
    if (!forgetUrl) {
      return;
    }
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(forgetUrl)) {
        return;
      }
    } catch (error) {
      // Fall through to fetch.
    }
    try {
      window.fetch(forgetUrl, { method: "POST", credentials: "same-origin", keepalive: true });
    } catch (error) {
      // Leaving matters more than forgetting: the answers expire with the browser session.
    }
  }

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    if (leaving) {
      return;
    }
    leaving = true;
    document.body.hidden = true;
    document.title = "";
    forget();
    window.location.replace(target);
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

  // What was typed in these forms is not kept by the browser to be shown again on Back:
  // a page asked again shows only the answers the server still holds (none after an exit).
  Array.prototype.forEach.call(document.forms, function (form) {
    if (!form.hasAttribute("autocomplete")) {
      form.setAttribute("autocomplete", "off");
    }
  });
  // A page with a form shown again from the back-forward cache is asked anew.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.querySelector("main form")) {
      document.body.hidden = true;
      window.location.reload();
    }
  });

  if (hint) {
    hint.hidden = false;
  }
})();
