// The demo phone refreshes its thread every few seconds, so new texts appear as they are sent.
(function () {
  "use strict";
  var box = document.getElementById("phone-thread");
  if (!box) return;
  function scrollDown() { box.scrollTop = box.scrollHeight; }
  scrollDown();
  var last = null;
  setInterval(function () {
    fetch(box.getAttribute("data-refresh"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html !== null && html !== last) { last = html; box.innerHTML = html; scrollDown(); }
      })
      .catch(function () {});
  }, 4000);
})();
