// Product photos: a thumbnail opens its photo in a viewer on the page (arrow keys, swipes,
// Esc to close) instead of the bare JPEG. Without JavaScript each thumbnail still links to
// its large photo.
(function () {
  "use strict";
  var gallery = document.querySelector("[data-gallery]");
  if (!gallery || typeof HTMLDialogElement === "undefined") { return; }
  var links = Array.prototype.slice.call(gallery.querySelectorAll("a.gallery-link"));
  var rtl = getComputedStyle(gallery).direction === "rtl";
  var SWIPE_PIXELS = 40;
  var dialog, image, caption, position, previous, next, close;
  var current = 0;
  var opener = null;

  function element(tag, className, parent) {
    var made = document.createElement(tag);
    made.className = className;
    if (parent) { parent.appendChild(made); }
    return made;
  }

  function button(className, label, glyph) {
    var made = element("button", "viewer-button " + className);
    made.type = "button";
    made.setAttribute("aria-label", label);
    made.textContent = glyph;
    return made;
  }

  // ArrowRight and a leftward swipe go towards the right: the next photo in left-to-right
  // pages, the previous one in right-to-left pages.
  function towardsRight() { return rtl ? -1 : 1; }

  function show(index) {
    current = (index + links.length) % links.length;
    var link = links[current];
    image.src = link.href;
    image.alt = link.dataset.caption || "";
    caption.textContent = link.dataset.caption || "";
    position.textContent = link.dataset.position || "";
  }

  function build() {
    dialog = element("dialog", "gallery-viewer", document.body);
    dialog.setAttribute("aria-label", gallery.dataset.labelViewer);
    var figure = element("figure", "viewer-figure", dialog);
    image = element("img", "viewer-image", figure);
    var text = element("figcaption", "viewer-caption", figure);
    caption = element("span", "viewer-caption-text", text);
    position = element("span", "viewer-position", text);
    var bar = element("div", "viewer-bar", dialog);
    previous = button("viewer-previous", gallery.dataset.labelPrevious, rtl ? "›" : "‹");
    next = button("viewer-next", gallery.dataset.labelNext, rtl ? "‹" : "›");
    close = button("viewer-close", gallery.dataset.labelClose, "×");
    bar.appendChild(previous);
    bar.appendChild(next);
    bar.appendChild(close);
    previous.hidden = next.hidden = links.length < 2;
    previous.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) { dialog.close(); }  // a tap on the backdrop
    });
    dialog.addEventListener("close", function () {
      if (opener) { opener.focus(); }
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { show(current + towardsRight()); event.preventDefault(); }
      if (event.key === "ArrowLeft") { show(current - towardsRight()); event.preventDefault(); }
    });
    var start = null;
    image.draggable = false;  // a mouse drag is a swipe, not the browser's image drag
    image.addEventListener("pointerdown", function (event) {
      start = { x: event.clientX, y: event.clientY };
    });
    image.addEventListener("pointerup", function (event) {
      if (!start) { return; }
      var dx = event.clientX - start.x;
      var dy = event.clientY - start.y;
      start = null;
      if (Math.abs(dx) > SWIPE_PIXELS && Math.abs(dx) > Math.abs(dy)) {
        show(current + (dx < 0 ? towardsRight() : -towardsRight()));
      }
    });
    image.addEventListener("pointercancel", function () { start = null; });
  }

  links.forEach(function (link, index) {
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
      event.preventDefault();
      if (!dialog) { build(); }
      opener = link;
      show(index);
      dialog.showModal();
      close.focus();
    });
  });
}());
