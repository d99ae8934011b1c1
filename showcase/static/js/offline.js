// Offline use: registers the service worker (/sw.js), says when the page is a saved copy or
// the connection is gone, lists the pages saved on the device (on the offline page), and keeps
// a meeting request made offline until the connection returns, then sends it and says so.
// Without JavaScript or service workers the site works as before, online only.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var text = script.dataset;
  var QUEUE_KEY = "showcase-offline-requests";
  var ASK_PATH = /^\/[^/]+\/products\/[^/]+\/ask$/;
  var banner = null;

  function say(message, kind) {
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "offline-banner";
      banner.setAttribute("role", "status");
      var main = document.getElementById("main");
      main.parentNode.insertBefore(banner, main);
    }
    banner.textContent = message;
    banner.dataset.kind = kind;
    banner.hidden = false;
  }

  function savedOn(value) {
    var date = new Date(value);
    if (isNaN(date.getTime())) { return ""; }
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang,
        { dateStyle: "medium", timeStyle: "short" }).format(date);
    } catch (error) {
      return date.toLocaleString();
    }
  }

  function showState() {
    var copy = document.body.dataset.offlineCopy;
    if (copy !== undefined) {
      var when = savedOn(copy);
      say(text.offline + " " + (when ? text.copy.replace("{time}", when) : ""), "offline");
    } else if (!navigator.onLine && !document.querySelector("[data-offline-page]")) {
      say(text.offline, "offline");
    } else if (navigator.onLine && banner && banner.dataset.kind === "offline") {
      banner.hidden = true;
    }
  }

  // --- Meeting requests made offline -------------------------------------------------------
  function queued() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY)) || []; } catch (error) { return []; }
  }

  function storeQueue(requests) {
    if (requests.length) { localStorage.setItem(QUEUE_KEY, JSON.stringify(requests)); }
    else { localStorage.removeItem(QUEUE_KEY); }
  }

  function queueWhenOffline(event) {
    var form = event.target;
    if (navigator.onLine || !(form instanceof HTMLFormElement) ||
        form.method.toLowerCase() !== "post" || !ASK_PATH.test(new URL(form.action).pathname)) {
      return;
    }
    event.preventDefault();
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") { fields.push([name, value]); }
    });
    storeQueue(queued().concat([{ action: form.action, fields: fields }]));
    say(text.queued, "queued");
  }

  // Sent means the form was accepted: the site answers a good request by leading back to the
  // product, and a refused one (a field to correct, an expired form) with the form again.
  function send(request) {
    return fetch(request.action, {
      method: "POST", credentials: "same-origin",
      body: new URLSearchParams(request.fields)
    }).then(function (response) {
      return response.ok && response.redirected && !ASK_PATH.test(new URL(response.url).pathname);
    });
  }

  function sendQueued() {
    var requests = queued();
    if (!requests.length || !navigator.onLine) { return; }
    storeQueue([]);
    var failed = 0;
    var unsent = [];
    requests.reduce(function (previous, request) {
      return previous.then(function () {
        return send(request).then(function (accepted) { if (!accepted) { failed += 1; } },
          function () { unsent.push(request); });
      });
    }, Promise.resolve()).then(function () {
      storeQueue(unsent.concat(queued()));
      if (failed) { say(text.failed, "failed"); }
      else if (unsent.length < requests.length) { say(text.sent, "sent"); }
    });
  }

  // --- The offline page: what is still on this device ---------------------------------------
  function listSavedPages() {
    var list = document.querySelector("[data-saved-pages]");
    if (!list || !window.caches) { return; }
    var prefix = location.pathname.split("/").slice(0, 2).join("/") + "/";
    caches.keys().then(function (names) {
      var products = names.filter(function (name) { return name.indexOf("showcase-products-") === 0; });
      return products.length ? caches.open(products[0]) : null;
    }).then(function (cache) {
      return cache ? cache.keys().then(function (keys) {
        return Promise.all(keys.reverse().filter(function (key) {
          return new URL(key.url).pathname.indexOf(prefix) === 0;
        }).map(function (key) {
          return cache.match(key).then(function (response) { return response.text(); })
            .then(function (html) {
              var saved = new DOMParser().parseFromString(html, "text/html");
              var heading = saved.querySelector("main h1");
              return { url: key.url, title: heading ? heading.textContent.trim() : saved.title };
            });
        }));
      }) : [];
    }).then(function (pages) {
      var items = list.querySelector("ul");
      pages.forEach(function (page) {
        var link = document.createElement("a");
        link.href = page.url;
        link.textContent = page.title || page.url;
        var item = document.createElement("li");
        item.appendChild(link);
        items.appendChild(item);
      });
      list.hidden = !pages.length;
    });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(text.worker, { scope: "/" }).catch(function () {});
  }
  document.addEventListener("submit", queueWhenOffline);
  window.addEventListener("online", function () { showState(); sendQueued(); });
  window.addEventListener("offline", showState);
  showState();
  sendQueued();
  listSavedPages();
})();
