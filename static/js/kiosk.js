/* Retour kiosk mode (a shared tablet, /s/<code>?kiosk=1), on kiosk pages only: a form
   left half-filled asks "Are you still there?" after a while without a touch, then is
   cleared, and the next person starts in the training's default language. The form and
   the question are looked up each time: form.js may replace the page's body. */
(function () {
  "use strict";
  var timer = null;

  function form() { return document.getElementById("survey"); }
  function question() { return document.getElementById("idle"); }
  function home(f) { return new URL(f.dataset.home, location.href); }

  // Something of someone's on screen: an answer, another language, a page sent back.
  function used(f) {
    if (f.dataset.fresh !== "1" || document.documentElement.lang !== home(f).searchParams.get("lang")) return true;
    return Array.prototype.some.call(f.elements, function (el) {
      if (!/^q_/.test(el.name)) return false;
      return el.type === "radio" || el.type === "checkbox" ? el.checked : el.value !== "";
    });
  }
  function wait() {
    var f = form(), q = question();
    clearTimeout(timer);
    if (q && q.open) q.close();
    if (f && q && q.showModal) timer = setTimeout(ask, f.dataset.idle * 1000);
  }
  function ask() {
    var f = form();
    if (!used(f)) return wait();
    question().showModal();
    timer = setTimeout(function () {
      f.reset();
      location.replace(home(f).href);
    }, f.dataset.warn * 1000);
  }

  // While the question is shown, only its button (or Escape) answers it.
  ["pointerdown", "keydown", "input", "scroll"].forEach(function (type) {
    window.addEventListener(type, function () {
      var q = question();
      if (!q || !q.open) wait();
    }, { capture: true, passive: true });
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("#idle button")) wait();
  });
  document.addEventListener("cancel", wait, true);
  wait();
})();
