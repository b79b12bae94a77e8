// The demo phone refreshes its thread every few seconds, so new texts appear as they are sent.
// (The thread is drawn bottom-up, so it stays at the newest message by itself.)
(function () {
  "use strict";
  var box = document.getElementById("phone-thread");
  if (!box) return;
  var last = null;
  setInterval(function () {
    fetch(box.getAttribute("data-refresh"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html !== null && html !== last) { last = html; box.innerHTML = html; }
      })
      .catch(function () {});
  }, 4000);
})();
