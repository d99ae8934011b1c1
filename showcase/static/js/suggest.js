// Search-box completions: fills the input's <datalist> from the suggest API as the visitor
// types. Without JavaScript the form still submits a normal search.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch) { return; }
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var latest = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = input.value.trim();
      var ticket = ++latest;
      if (!text) { list.textContent = ""; return; }
      var url = input.dataset.suggestUrl + "&q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (suggestions) {
          if (ticket !== latest) { return; }
          list.textContent = "";
          suggestions.forEach(function (suggestion) {
            var option = document.createElement("option");
            option.value = suggestion.label;
            option.lang = suggestion.language;
            list.appendChild(option);
          });
        })
        .catch(function () { /* offline: the plain form still works */ });
    }, 120);
  });
})();
