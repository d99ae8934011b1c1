// Showcase service worker: the catalog on flaky venue Wi-Fi.
//
// - The app shell (styles, scripts, icons) is stored on install and served from the cache.
// - Public pages are fetched from the network first; each one that arrives is kept (the last
//   50 products and 60 other pages), and served when the network fails, marked as a saved
//   copy (<body data-offline-copy="<date>">) so that offline.js can say so.
// - A page that was never kept is answered with the locale's offline page.
// - Photos are kept as they are seen (they never change under their address).
// - When a kiosk starts over for the next visitor, the pages kept for the last one go.
// Portal, staff and account pages are never kept: they are personal and change.
"use strict";

var VERSION = {{ version|tojson }};
var SHELL = {{ shell|tojson }};
var LOCALES = {{ locales|tojson }};
var PRIVATE_SECTIONS = {{ private_sections|tojson }};
var CACHES = {
  shell: "showcase-shell-" + VERSION,
  pages: "showcase-pages-" + VERSION,
  products: "showcase-products-" + VERSION,
  media: "showcase-media-" + VERSION
};
var LIMITS = { pages: 60, products: 50, media: 200 };
var PRODUCT_PAGE = /^\/[^/]+\/products\/[^/]+$/;
var MATCH = { ignoreVary: true };

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHES.shell)
    .then(function (cache) {
      return Promise.all(SHELL.map(function (url) {
        return fetch(url).then(function (response) {
          if (!response.ok) { throw new Error(url + ": " + response.status); }
          return storable(response).then(function (copy) { return cache.put(url, copy); });
        });
      }));
    })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  var current = Object.keys(CACHES).map(function (key) { return CACHES[key]; });
  event.waitUntil(caches.keys()
    .then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("showcase-") === 0 && current.indexOf(name) < 0;
      }).map(function (name) { return caches.delete(name); }));
    })
    .then(function () { return self.clients.claim(); })
    .then(keepOpenPages));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  var locale = publicLocale(url);
  if (request.method === "POST" && locale && url.pathname.indexOf("/" + locale + "/shortlist/") === 0) {
    event.respondWith(refreshingShortlist(event, locale));
  } else if (request.method === "POST" && url.pathname === "/" + locale + "/kiosk/reset") {
    event.respondWith(forgettingPages(event));
  } else if (request.method !== "GET") {
    return;
  } else if (request.mode === "navigate" && locale) {
    event.respondWith(networkFirst(event, locale));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(cacheFirst(request, "shell"));
  } else if (url.pathname.indexOf("/media/images/") === 0) {
    event.respondWith(cacheFirst(request, "media"));
  }
});

// The locale of a public page's address ("th" for /th/products/x), else "".
function publicLocale(url) {
  var parts = url.pathname.split("/");
  if (LOCALES.indexOf(parts[1]) < 0 || PRIVATE_SECTIONS.indexOf(parts[2]) >= 0) { return ""; }
  return parts[1];
}

function offlinePage(locale) { return "/" + locale + "/offline"; }

function networkFirst(event, locale) {
  var request = event.request;
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected && isPage(response)) {
      event.waitUntil(keep(request.url, response.clone()).then(function () {
        return keepOnce(offlinePage(locale));
      }));
    }
    return response;
  }).catch(function () {
    return savedCopy(request.url).then(function (saved) {
      return saved || caches.match(offlinePage(locale), { cacheName: CACHES.shell, ignoreVary: true })
        .then(function (page) { return page || Response.error(); });
    });
  });
}

function isPage(response) {
  return (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
}

function bucketOf(url) {
  var path = new URL(url, self.location.href).pathname;
  if (/\/offline$/.test(path)) { return "shell"; }
  return PRODUCT_PAGE.test(path) ? "products" : "pages";
}

// Store a page, as the newest of its bucket, and drop the oldest beyond the bucket's limit.
function keep(url, response) {
  var bucket = bucketOf(url);
  return Promise.all([caches.open(CACHES[bucket]), storable(response)]).then(function (both) {
    var cache = both[0];
    return cache.delete(url, MATCH)
      .then(function () { return cache.put(url, both[1]); })
      .then(function () { return trim(cache, LIMITS[bucket]); });
  });
}

// A copy fit to be served later: the body arrives decoded, so the headers that described
// its encoding and length on the wire go, and so does Vary (a saved copy serves any request).
function storable(response) {
  return response.blob().then(function (body) {
    var headers = new Headers(response.headers);
    ["Content-Encoding", "Content-Length", "Vary"].forEach(function (name) { headers.delete(name); });
    return new Response(body, { status: response.status, statusText: response.statusText,
                                headers: headers });
  });
}

function keepOnce(url) {
  return caches.match(url, MATCH).then(function (found) {
    if (found) { return undefined; }
    return fetch(url).then(function (response) {
      return response.ok ? keep(url, response) : undefined;
    });
  }).catch(function () { /* offline again: try on the next page */ });
}

function trim(cache, limit) {
  if (!limit) { return Promise.resolve(); }
  return cache.keys().then(function (keys) {
    return Promise.all(keys.slice(0, Math.max(0, keys.length - limit))
      .map(function (key) { return cache.delete(key); }));
  });
}

// A kept page, its <body> marked with the date it was saved; null when none was kept.
function savedCopy(url) {
  return caches.match(url, MATCH).then(function (response) {
    if (!response || bucketOf(url) === "shell") { return response || null; }
    var saved = response.headers.get("Date") || "";
    return response.text().then(function (html) {
      var headers = new Headers(response.headers);
      headers.delete("Content-Length");
      headers.delete("Content-Encoding");
      var marked = html.replace(/<body\b/i,
        '<body data-offline-copy="' + saved.replace(/[^\w ,:+-]/g, "") + '"');
      return new Response(marked, { status: 200, headers: headers });
    });
  });
}

function cacheFirst(request, bucket) {
  return caches.match(request, MATCH).then(function (found) {
    return found || fetch(request).then(function (response) {
      if (response.ok) { keepFile(request.url, response.clone(), bucket); }
      return response;
    });
  });
}

function keepFile(url, response, bucket) {
  return Promise.all([caches.open(CACHES[bucket]), storable(response)]).then(function (both) {
    return both[0].put(url, both[1]).then(function () { return trim(both[0], LIMITS[bucket]); });
  });
}

// A change to the shortlist: once it is made, the kept copy of the shortlist page follows.
function refreshingShortlist(event, locale) {
  return fetch(event.request).then(function (response) {
    var page = "/" + locale + "/shortlist";
    event.waitUntil(fetch(page).then(function (fresh) {
      return fresh.ok && !fresh.redirected ? keep(new URL(page, self.location).href, fresh) : undefined;
    }).catch(function () { /* offline: the next visit refreshes it */ }));
    return response;
  });
}

// A kiosk starting over: once the server has forgotten the visitor, so does the device.
function forgettingPages(event) {
  return fetch(event.request).then(function (response) {
    event.waitUntil(Promise.all([caches.delete(CACHES.pages), caches.delete(CACHES.products)]));
    return response;
  });
}

// On first activation, keep the pages already open: the page that installed the worker was
// loaded before the worker controlled it.
function keepOpenPages() {
  return self.clients.matchAll({ type: "window" }).then(function (windows) {
    return Promise.all(windows.map(function (client) {
      var url = new URL(client.url);
      var locale = publicLocale(url);
      if (!locale || url.origin !== self.location.origin) { return undefined; }
      return fetch(url.href).then(function (response) {
        return response.ok && isPage(response) ? keep(url.href, response) : undefined;
      }).then(function () { return keepOnce(offlinePage(locale)); }).catch(function () {});
    }));
  });
}
