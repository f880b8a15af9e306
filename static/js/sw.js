/* Retour service worker: forms open without a network once they have been opened.
   Form pages: network first, the last copy when offline. Static files carry their
   content hash in the URL, so a cached copy is always the right one. */
"use strict";
var CACHE = "retour-v1";
var STATIC = new URL("../static/", self.location).pathname;
var FORM = new RegExp("^" + new URL("./", self.location).pathname + "[^/]+$");

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  // cache: "no-store" is the form script asking for a fresh CSRF token: network only.
  if (request.method !== "GET" || url.origin !== self.location.origin || request.cache === "no-store") return;
  if (url.pathname.indexOf(STATIC) === 0) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          if (response.status === 200) cache.put(request, response.clone());
          return response;
        });
      });
    }));
  } else if (FORM.test(url.pathname)) {
    event.respondWith(fetch(request).then(function (response) {
      if (response.status === 200) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }, function () {
      return caches.open(CACHE).then(function (cache) {
        return cache.match(request).then(function (hit) {
          return hit || cache.match(request, { ignoreSearch: true });
        });
      }).then(function (hit) { return hit || Response.error(); });
    }));
  }
});
