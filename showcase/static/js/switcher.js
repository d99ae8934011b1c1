// The language panel closes like a menu: Escape (focus back on its button) or a tap outside.
(function () {
  "use strict";
  var switcher = document.querySelector(".language-switcher");
  if (!switcher) return;
  var button = switcher.querySelector("summary");

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && switcher.open) {
      switcher.open = false;
      button.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (switcher.open && !switcher.contains(event.target)) switcher.open = false;
  });
})();
