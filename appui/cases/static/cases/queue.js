// The intake queue refreshes itself: every half second, while the page is visible, it asks
// whether the queue changed (204: no) and then fetches its list again. Without
// JavaScript, reloading the page shows the same.
(function () {
  "use strict";
  var queue = document.getElementById("queue");
  var news = document.getElementById("queue-news");
  if (!queue || !window.fetch) { return; }
  var stamp = queue.getAttribute("data-stamp");
  var url = queue.getAttribute("data-stamp-url");
  var busy = false;

  function refresh() {
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("queue");
        if (!fresh) { return; }
        queue.innerHTML = fresh.innerHTML;
        stamp = fresh.getAttribute("data-stamp");
        queue.setAttribute("data-stamp", stamp);
        if (news) { news.textContent = news.getAttribute("data-message"); }
      });
  }

  function poll() {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch(url + "?since=" + encodeURIComponent(stamp), { credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 200) { return refresh(); }
        return null;
      })
      .catch(function () { return null; })
      .then(function () { busy = false; });
  }

  window.setInterval(poll, 500);
})();
