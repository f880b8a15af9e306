// Live response count on a training dashboard: polls a small JSON endpoint every 15 s.
// The page works without it; CSP forbids inline scripts, so this is the only script.
(function () {
  "use strict";
  var box = document.getElementById("live");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-url");
  var shown = box.getAttribute("data-version");
  var count = document.getElementById("live-count");
  var words = document.getElementById("live-words");
  var notice = document.getElementById("live-new");
  var empty = box.hasAttribute("data-empty");
  var PERIOD = 15000;
  var timer = null;

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        count.textContent = String(data.responses);
        words.textContent = data.words;
        // A page drawn before the first answer has no figures to update: draw it again.
        if (empty && data.responses > 0) { stop(); window.location.reload(); return; }
        if (data.version !== shown) notice.hidden = false;
      })
      .catch(function () { /* offline for a moment: try again at the next tick */ });
  }

  function start() { if (timer === null) timer = window.setInterval(poll, PERIOD); }
  function stop() { if (timer !== null) { window.clearInterval(timer); timer = null; } }

  // No polling from a tab nobody looks at; catch up as soon as it is shown again.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { stop(); } else { poll(); start(); }
  });
  box.classList.add("is-live");
  start();
})();
