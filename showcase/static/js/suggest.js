// Search-box completions: fills the input's <datalist> from the suggest API as the visitor
// types; choosing a product's completion opens that product. Without JavaScript the form
// still submits a normal search.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch) { return; }
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var latest = 0;
  var products = {};  // label of each product completion shown: its page
  input.addEventListener("input", function (event) {
    // A completion chosen from the list replaces the text at once (no inputType in some
    // browsers); typing a product's whole name only searches.
    var chosen = !event.inputType || event.inputType === "insertReplacementText";
    if (chosen && Object.prototype.hasOwnProperty.call(products, input.value)) {
      window.location.href = products[input.value];
      return;
    }
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
          products = {};
          suggestions.forEach(function (suggestion) {
            if (suggestion.kind === "product") { products[suggestion.label] = suggestion.url; }
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
