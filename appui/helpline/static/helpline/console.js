// The listener's console. Without JavaScript every page works (a reload shows the same);
// with it:
// - the screen pop: while the page is visible, it asks the server about once a second
//   whether a call was answered for her (204: nothing new): every 0.4 s on the
//   console, every second on a record. On the console the new call's
//   record opens; on a record she is writing, a notice links to it instead;
// - the timer of a call in progress, from its answer time;
// - on the record, only the details of the outcome chosen, and the country and home town
//   only when it happened abroad.
(function () {
  "use strict";

  // --- the timer ------------------------------------------------------------------------
  var timer = document.getElementById("call-timer");
  if (timer) {
    var start = Date.parse(timer.getAttribute("data-start"));
    var endText = timer.getAttribute("data-end");
    var end = endText ? Date.parse(endText) : null;
    var said = timer.textContent;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    var show = function () {
      var seconds = Math.max(0, Math.floor(((end || Date.now()) - start) / 1000));
      var hours = Math.floor(seconds / 3600);
      var minutes = Math.floor((seconds % 3600) / 60);
      var elapsed = (hours ? hours + ":" + two(minutes) : minutes) + ":" + two(seconds % 60);
      timer.textContent = elapsed + " (" + said + ")";
    };
    if (!isNaN(start)) {
      show();
      if (!end) { window.setInterval(show, 1000); }
    }
  }

  // --- only what applies ------------------------------------------------------------------
  var form = document.querySelector(".call-form");
  if (form) {
    var outcomes = form.querySelectorAll("input[name='outcome']");
    var details = form.querySelectorAll(".outcome-detail");
    var chosen = function () {
      for (var i = 0; i < outcomes.length; i++) {
        if (outcomes[i].checked) { return outcomes[i].value; }
      }
      return "";
    };
    var showOutcome = function () {
      var value = chosen();
      for (var i = 0; i < details.length; i++) {
        details[i].hidden = details[i].getAttribute("data-outcome") !== value;
      }
    };
    for (var i = 0; i < outcomes.length; i++) { outcomes[i].addEventListener("change", showOutcome); }
    showOutcome();

    var abroad = form.querySelector("input[name='abroad']");
    var abroadPart = form.querySelector("[data-abroad]");
    if (abroad && abroadPart) {
      var showAbroad = function () { abroadPart.hidden = !abroad.checked; };
      abroad.addEventListener("change", showAbroad);
      showAbroad();
    }
  }

  // --- the screen pop ---------------------------------------------------------------------
  var root = document.getElementById("console");
  if (!root || !window.fetch) { return; }
  var mode = root.getAttribute("data-pop");
  var url = root.getAttribute("data-state-url");
  var stamp = root.getAttribute("data-stamp");
  if (!mode || !url) { return; }
  var news = document.getElementById("console-news");
  var notice = document.getElementById("console-notice");
  var busy = false;
  var leaving = false;

  function arrived(answer) {
    if (!answer) { return; }
    stamp = answer.stamp;
    if (!answer.url || answer.url === window.location.pathname) { return; }
    if (mode === "open") {
      leaving = true;
      if (news) { news.textContent = news.getAttribute("data-message") || ""; }
      window.location.assign(answer.url);
    } else if (notice) {
      notice.textContent = (notice.getAttribute("data-message") || "") + " ";
      var link = document.createElement("a");
      link.href = answer.url;
      link.textContent = notice.getAttribute("data-link") || answer.url;
      notice.appendChild(link);
      notice.hidden = false;
      if (news) { news.textContent = notice.getAttribute("data-message") || ""; }
    }
  }

  function poll() {
    if (busy || leaving || document.hidden) { return; }
    busy = true;
    fetch(url + "?since=" + encodeURIComponent(stamp), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    })
      .then(function (response) {
        if (response.status === 200) { return response.json(); }
        return null;
      })
      .then(arrived)
      .catch(function () { return null; })
      .then(function () { busy = false; });
  }

  // Waiting for a call on the console, she is asked every 0.4 s, so that a call answered
  // on her phone opens on screen within half a second; on a record, once a second.
  window.setInterval(poll, mode === "open" ? 400 : 1000);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { poll(); }
  });
})();
