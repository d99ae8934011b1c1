// Language tabs of the listing editor. Without JavaScript every language is a fieldset on the
// page and the tab bar links to it; with it, the bar becomes a tablist showing one language
// at a time. A tab opens first when the address names it, when the server asks for it (a
// language just added), or when it holds a field with an error.
(function () {
  "use strict";
  var bar = document.querySelector("[data-tab-bar]");
  if (!bar) { return; }
  var links = Array.prototype.slice.call(bar.querySelectorAll("a[href^='#']"));
  var panels = links.map(function (link) {
    return document.getElementById(link.getAttribute("href").slice(1));
  });
  if (panels.some(function (panel) { return !panel; })) { return; }

  bar.setAttribute("role", "tablist");
  Array.prototype.forEach.call(bar.children, function (item) { item.setAttribute("role", "presentation"); });
  links.forEach(function (link, index) {
    var panel = panels[index];
    link.id = link.id || "tab-" + panel.id;
    link.setAttribute("role", "tab");
    link.setAttribute("aria-controls", panel.id);
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", link.id);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      select(index, true);
    });
    link.addEventListener("keydown", function (event) {
      var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: links.length - 1 }[event.key];
      if (next === undefined) { return; }
      event.preventDefault();
      select((next + links.length) % links.length, true);
    });
  });

  function select(chosen, moveFocus) {
    links.forEach(function (link, index) {
      var selected = index === chosen;
      link.setAttribute("aria-selected", selected ? "true" : "false");
      link.tabIndex = selected ? 0 : -1;
      panels[index].hidden = !selected;
    });
    if (moveFocus) { links[chosen].focus(); }
  }

  function panelHolding(id) {
    var target = id && document.getElementById(id);
    if (!target) { return -1; }
    for (var index = 0; index < panels.length; index++) {
      if (panels[index] === target || panels[index].contains(target)) { return index; }
    }
    return -1;
  }

  // Links to a field inside a hidden language (the error summary) open its tab first.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#']");
    if (!link || bar.contains(link)) { return; }
    var index = panelHolding(link.getAttribute("href").slice(1));
    if (index >= 0) { select(index, false); }
  });

  var first = [panelHolding(location.hash.slice(1)), panelHolding(bar.dataset.active),
               links.findIndex(function (link) { return link.classList.contains("has-errors"); })]
    .filter(function (index) { return index >= 0; })[0];
  select(first === undefined ? 0 : first, false);
})();
