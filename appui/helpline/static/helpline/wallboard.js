// The supervision page and the wallboard refresh themselves without reloading: every two
// seconds, while the page is visible and not paused, they ask the board's state with the
// stamp they have (204: nothing changed). The wallboard then writes the new counts and
// names in place; the supervision page fetches its board again. The timers (waiting, on a
// call, late by) tick here, every second, from the instants the server gave. Without
// JavaScript, the "Refresh" link shows the same.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board || !window.fetch || !window.JSON) { return; }
  var mode = board.getAttribute("data-board");
  var stamp = board.getAttribute("data-stamp");
  var stateUrl = board.getAttribute("data-state-url");
  var partialUrl = board.getAttribute("data-partial-url");
  var controls = document.getElementById("live-controls");
  var pause = document.getElementById("board-pause");
  var news = document.getElementById("board-news");
  var asOf = document.getElementById("board-clock");
  var lang = document.documentElement.getAttribute("lang") || undefined;
  // Seconds the browser's clock is ahead of the server's.
  var skew = Date.now() / 1000 - parseFloat(board.getAttribute("data-now") || "0");
  var paused = false;
  var busy = false;
  var failures = 0;
  var POLL_MS = 2000;

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function parts(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  }

  function clock(seconds) {
    var p = parts(seconds);
    return p[0] ? p[0] + ":" + pad(p[1]) + ":" + pad(p[2]) : p[1] + ":" + pad(p[2]);
  }

  function iso(seconds) {
    var p = parts(seconds);
    return "PT" + (p[0] ? p[0] + "H" : "") + p[1] + "M" + p[2] + "S";
  }

  function serverNow() { return Date.now() / 1000 - skew; }

  function tick() {
    var now = serverNow();
    var times = board.querySelectorAll("time[data-since]");
    for (var i = 0; i < times.length; i++) {
      var seconds = now - parseFloat(times[i].getAttribute("data-since"));
      times[i].textContent = clock(seconds);
      times[i].setAttribute("datetime", iso(seconds));
    }
  }

  function say(text) { if (news) { news.textContent = text; } }

  function fresh() {
    failures = 0;
    if (asOf && news) {
      var when = new Date(serverNow() * 1000).toLocaleTimeString(lang);
      asOf.textContent = news.getAttribute("data-as-of").replace("%(time)s", when);
    }
  }

  function names(list, people) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    for (var i = 0; i < people.length; i++) {
      var item = document.createElement("li");
      item.textContent = people[i];
      list.appendChild(item);
    }
  }

  function apply(state) {
    var counts = state.counts || {};
    var cells = board.querySelectorAll("[data-count]");
    for (var i = 0; i < cells.length; i++) {
      var key = cells[i].getAttribute("data-count");
      if (Object.prototype.hasOwnProperty.call(counts, key)) { cells[i].textContent = String(counts[key]); }
    }
    var lists = board.querySelectorAll("[data-names]");
    for (var j = 0; j < lists.length; j++) {
      names(lists[j], (state.listeners || {})[lists[j].getAttribute("data-names")] || []);
    }
    var alerts = board.querySelectorAll("[data-alert-when]");
    for (var k = 0; k < alerts.length; k++) {
      alerts[k].classList.toggle("tile--alert", (counts[alerts[k].getAttribute("data-alert-when")] || 0) > 0);
    }
    var longest = board.querySelector("time[data-longest-wait]");
    if (longest) {
      if (state.longest_wait_since === null || state.longest_wait_since === undefined) {
        longest.removeAttribute("data-since");
        longest.removeAttribute("datetime");
        longest.textContent = "—";
      } else {
        longest.setAttribute("data-since", String(state.longest_wait_since));
      }
    }
    tick();
  }

  function refreshPage() {
    return fetch(partialUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (html) { board.innerHTML = html; tick(); });
  }

  function poll() {
    if (paused || busy || document.hidden) { return; }
    busy = true;
    fetch(stateUrl + "?since=" + encodeURIComponent(stamp), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (response.status === 204) { return null; }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json().then(function (state) {
          skew = Date.now() / 1000 - state.now;
          // Paused while this answer was on its way: the board stays as she froze it (the
          // stamp too, so that the first poll after "resume" brings the news).
          if (paused) { return null; }
          if (mode === "page") {
            // Not while a link of the board has the focus: replacing it would drop the
            // focus; the next poll tries again.
            var focused = document.activeElement;
            if (focused && focused !== board && board.contains(focused)) { return null; }
            return refreshPage().then(function () { stamp = state.stamp; });
          }
          apply(state);
          stamp = state.stamp;
          return null;
        });
      })
      .then(fresh)
      .catch(function () {
        failures += 1;
        if (failures === 3 && news) { say(news.getAttribute("data-lost")); }
      })
      .then(function () { busy = false; });
  }

  if (controls && pause) {
    controls.hidden = false;
    pause.addEventListener("click", function () {
      paused = !paused;
      pause.setAttribute("aria-pressed", paused ? "true" : "false");
      pause.textContent = pause.getAttribute(paused ? "data-resume" : "data-pause");
      say(news ? news.getAttribute(paused ? "data-paused" : "data-resumed") : "");
      if (!paused) { poll(); }
    });
  }
  window.setInterval(function () { if (!paused) { tick(); } }, 1000);
  window.setInterval(poll, POLL_MS);
})();
