// Search and category pages: on a phone the filters panel (after the results) starts folded,
// so its summary alone says how many filters are on; wider screens show it as a side column,
// always open (its summary is hidden there).
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 48rem)");
  function fit() {
    document.querySelectorAll("details.filters").forEach(function (panel) {
      panel.open = !narrow.matches;
    });
  }
  fit();
  narrow.addEventListener("change", fit);
})();
