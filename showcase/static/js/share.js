// Product page actions: share the page (the device's share sheet where there is one, else
// the link copied to the clipboard) and print its spec sheet. Without JavaScript the buttons
// stay hidden; the page's address and QR code are shown either way.
(function () {
  "use strict";
  var share = document.querySelector(".share-button");
  var print = document.querySelector(".print-button");
  var status = document.querySelector(".share-status");

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function showLink(url) {
    // No clipboard (an insecure context, a refused permission): show the link to copy by hand.
    say(share.dataset.copyFailed + " ");
    var field = document.createElement("input");
    field.type = "text";
    field.readOnly = true;
    field.dir = "ltr";
    field.value = url;
    field.className = "share-link";
    field.setAttribute("aria-label", share.dataset.copyFailed);
    status.appendChild(field);
    field.focus();
    field.select();
  }

  function copy(url) {
    if (!navigator.clipboard || !window.isSecureContext) { showLink(url); return; }
    navigator.clipboard.writeText(url).then(function () {
      say(share.dataset.copied);
    }, function () { showLink(url); });
  }

  if (share) {
    share.hidden = false;
    share.addEventListener("click", function () {
      var url = share.dataset.shareUrl;
      if (navigator.share) {
        navigator.share({ title: share.dataset.shareTitle, url: url }).catch(function (error) {
          if (error && error.name !== "AbortError") { copy(url); }
        });
      } else {
        copy(url);
      }
    });
  }
  if (print && window.print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
}());
