/* Retour participant form, progressive: the form works without this script.
   It keeps a draft on the phone, sends with fetch, and when the network is gone keeps
   the answers in a queue on the phone and sends them by itself later, with the same
   submission id (the server stores a submission id once) and a fresh CSRF token. */
(function () {
  "use strict";
  var QUEUE = "retour:queue";
  var CACHE = "retour-v1";
  var sending = {};

  function load(key, fallback) {
    try {
      return JSON.parse(localStorage.getItem(key)) || fallback;
    } catch (e) {
      return fallback;
    }
  }
  function save(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (e) {
      return false; // private mode or full: the form still posts normally
    }
  }
  function newSid() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }
  function draftKey(code) { return "retour:draft:" + code; }
  function usedKey(code) { return "retour:used:" + code; }
  function markUsed(code, sid) {
    var used = load(usedKey(code), []).filter(function (s) { return s !== sid; });
    used.push(sid);
    save(usedKey(code), used.slice(-50));
  }
  function taken(code, sid) {
    return load(usedKey(code), []).indexOf(sid) >= 0 ||
      load(QUEUE, []).some(function (item) { return item.sid === sid; });
  }

  function fields(form) {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && typeof value === "string") out.push([name, value]);
    });
    return out;
  }
  function fill(form, pairs) {
    var values = {};
    pairs.forEach(function (p) { (values[p[0]] = values[p[0]] || []).push(p[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      var given = values[el.name];
      if (!given || !/^q_/.test(el.name)) return;
      if (el.type === "radio" || el.type === "checkbox") el.checked = given.indexOf(el.value) >= 0;
      else el.value = given[0];
    });
  }

  function status(form, text, quiet) {
    var box = document.getElementById("status");
    if (box) box.textContent = text;
    if (text && box && !quiet) box.scrollIntoView({ block: "center" });
  }

  // A page the server returned (422: an answer to fix, or a stale page): show it here.
  function show(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    document.documentElement.lang = doc.documentElement.lang;
    document.documentElement.dir = doc.documentElement.dir;
    document.title = doc.title;
    document.body.replaceWith(document.adoptNode(doc.body));
    start();
    var alert = document.querySelector("[role=alert]");
    if (alert) {
      alert.tabIndex = -1;
      alert.focus();
    }
  }

  // Required questions left empty, marked as the server would mark them.
  function missing(form) {
    var first = null;
    form.querySelectorAll("[data-required]").forEach(function (q) {
      var answered = Array.prototype.some.call(q.querySelectorAll("input,textarea"), function (el) {
        return el.type === "radio" || el.type === "checkbox" ? el.checked : el.value.trim() !== "";
      });
      var error = q.querySelector(".error");
      q.classList.toggle("has-error", !answered);
      if (!answered && !error) {
        error = document.createElement("p");
        error.className = "error";
        var target = q.tagName === "FIELDSET" ? q : q.querySelector("input,textarea");
        error.id = target.id + "-error";
        error.textContent = form.dataset.required;
        target.setAttribute("aria-describedby", error.id);
        q.querySelector("legend,label").after(error);
      } else if (answered && error) {
        error.remove();
      }
      if (!answered && !first) first = q;
    });
    if (first) {
      first.scrollIntoView({ block: "start" });
      var input = first.querySelector("input,textarea");
      if (input) input.focus({ preventScroll: true });
    }
    return first !== null;
  }

  // Send one queued submission; true when the server has it (now or before).
  function send(item) {
    if (sending[item.sid]) return sending[item.sid];
    // The token in the page may be hours old: take a fresh one from the form first.
    var attempt = fetch(item.page, { credentials: "same-origin", cache: "no-store" })
      .then(function (page) { return page.text(); })
      .then(function (html) { return post(item, html, true); })
      .then(function (response) {
        if (response.status >= 500 || response.status === 429 || response.status === 408) {
          throw new Error("retry later");
        }
        unqueue(item.sid);
        if (response.redirected && new URL(response.url).pathname.endsWith("/thanks")) {
          markUsed(item.code, item.sid);
          var draft = load(draftKey(item.code), null);
          if (draft && draft.sid === item.sid) save(draftKey(item.code), null);
          return { done: true, url: response.url, item: item };
        }
        // Refused (an answer to fix) or the form is closed: the answers go back to a draft.
        if (!item.kiosk) save(draftKey(item.code), { sid: item.sid, fields: item.fields });
        return response.text().then(function (html) { return { done: false, html: html, item: item }; });
      })
      .finally(function () { delete sending[item.sid]; });
    sending[item.sid] = attempt;
    return attempt;
  }
  // POST the answers with the token found in ``html``; a page refused only for its token
  // (422 without an answer marked wrong) carries a fresh one: use it once.
  function post(item, html, again) {
    var token = /name="csrf_token"[^>]*value="([^"]+)"/.exec(html);
    var body = new URLSearchParams();
    item.fields.forEach(function (p) { body.append(p[0], p[1]); });
    if (token) body.append("csrf_token", token[1]);
    return fetch(item.url, { method: "POST", body: body, credentials: "same-origin" }).then(function (response) {
      if (response.status !== 422 || !again) return response;
      return response.clone().text().then(function (page) {
        return /class="error"/.test(page) ? response : post(item, page, false);
      });
    });
  }
  function unqueue(sid) {
    save(QUEUE, load(QUEUE, []).filter(function (item) { return item.sid !== sid; }));
  }

  // Everything queued on this phone, for any form; the outcome for this page's form.
  // While something stays queued, try again after 3 s, then 6, 12, 24 and every 30 s:
  // a phone can say it is online and not be (and some browsers never say "online").
  var retry = null, delay = 3000;
  function flush() {
    var form = document.getElementById("survey");
    var mine = form && form.elements.sid.value;
    clearTimeout(retry);
    retry = null;
    load(QUEUE, []).forEach(function (item) {
      send(item).then(function (result) {
        delay = 3000;
        if (result.item.sid !== mine) {
          // Answers kept from an earlier visit have now reached the server.
          if (result.done && form && result.item.code === form.dataset.code) earlierSent(form, result.url);
          return;
        }
        if (result.done && form.dataset.kiosk !== "1") location.replace(result.url);
        else if (result.done) status(form, "");
        else show(result.html);
      }, later);  // still offline: stays queued
    });
  }
  // Answers queued on an earlier visit have reached the server. Unless a new form is under
  // way here (or this is a shared kiosk), that visit ends on its thank-you page, not on
  // an empty form that seems to ask for the answers again.
  function earlierSent(form, url) {
    if (form.dataset.touched || form.dataset.fresh !== "1" || form.dataset.kiosk === "1") {
      return status(form, form.dataset.sent, true);
    }
    location.replace(url + (url.indexOf("?") < 0 ? "?" : "&") + "earlier=1");
  }

  function later() {
    if (retry !== null) return;
    retry = setTimeout(flush, delay);
    delay = Math.min(delay * 2, 30000);
  }

  function start() {
    var form = document.getElementById("survey");
    var anchor = form || document.getElementById("thanks");
    if (!anchor) return;
    if ("serviceWorker" in navigator && anchor.dataset.sw) {
      navigator.serviceWorker.register(anchor.dataset.sw).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function () {
        // The page that installed the worker was loaded before it: keep a copy now.
        if (!form || form.dataset.fresh !== "1" || !window.caches) return;
        return caches.open(CACHE).then(function (cache) {
          return cache.match(location.href).then(function (hit) {
            return hit || cache.addAll([location.href, document.querySelector("script[src]").src]);
          });
        });
      }).catch(function () { /* no offline copy: the form still works online */ });
    }
    if (!form) return flush();  // the thanks page sends what an earlier visit queued
    var code = form.dataset.code;
    var kiosk = form.dataset.kiosk === "1";
    var sid = form.elements.sid;
    var draft = kiosk ? null : load(draftKey(code), null);
    if (draft && !taken(code, draft.sid)) {
      if (form.dataset.fresh === "1") fill(form, draft.fields);
      form.dataset.touched = "1";
      sid.value = draft.sid;
    } else if (taken(code, sid.value)) {
      // A copy of the page kept offline still carries an id already sent.
      sid.value = newSid();
    }

    function keep() {
      form.dataset.touched = "1";
      if (!kiosk) save(draftKey(code), { sid: sid.value, fields: fields(form) });
    }
    if (load(QUEUE, []).some(function (item) { return item.code === code; })) {
      status(form, form.dataset.queued, true);
    }
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("submit", function (event) {
      // The language switcher posts normally: the server keeps the answers.
      if (event.submitter && event.submitter.name === "switch_lang") return;
      event.preventDefault();
      if (sending[sid.value] || missing(form)) return;
      var item = {
        code: code,
        sid: sid.value,
        url: form.action,
        page: form.action,
        kiosk: kiosk,
        fields: fields(form),
      };
      // In the queue before the first try: closing the tab now loses nothing.
      var queue = load(QUEUE, []).filter(function (q) { return q.sid !== item.sid; });
      queue.push(item);
      var kept = save(QUEUE, queue);
      if (!kiosk && kept) save(draftKey(code), null);
      status(form, form.dataset.sending);
      send(item).then(function (result) {
        if (result.done) location.replace(result.url);
        else show(result.html);
      }, function () {
        // Nowhere to keep the answers on this phone: an ordinary post, which the
        // browser can repeat from its back button.
        if (!kept) return HTMLFormElement.prototype.submit.call(form);
        status(form, form.dataset.queued);
        later();
        if (kiosk) {
          // The next person gets an empty form; these answers wait in the queue.
          form.reset();
          sid.value = newSid();
          window.scrollTo(0, 0);
        } else {
          form.dataset.offline = "1";
        }
      });
    });
    flush();
  }

  start();
  window.addEventListener("online", flush);
})();
