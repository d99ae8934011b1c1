// Shortlist buttons: send the add or remove form in the background, then update every button
// for that product, the count in the header, and a polite announcement. Without JavaScript
// (or when the request fails) the form posts normally and the page comes back.
(function () {
  "use strict";
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  if (!window.fetch || !window.FormData) { return; }

  function forms(ref) {
    return Array.prototype.filter.call(
      document.querySelectorAll("form.shortlist-toggle"),
      function (form) { return form.elements.ref.value === ref; });
  }

  function show(answer) {
    forms(answer.ref).forEach(function (form) {
      form.querySelector("button").setAttribute("aria-pressed", answer.saved ? "true" : "false");
      form.action = answer.saved ? form.dataset.removeUrl : form.dataset.addUrl;
    });
    document.querySelectorAll("[data-shortlist-count]").forEach(function (count) {
      count.textContent = answer.count_text;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("shortlist-toggle")) { return; }
    event.preventDefault();
    var button = form.querySelector("button");
    var adding = button.getAttribute("aria-pressed") !== "true";
    form.action = adding ? form.dataset.addUrl : form.dataset.removeUrl;
    button.disabled = true;
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") !== 0) { throw new Error("not an answer"); }
        return response.json().then(function (answer) {
          if (response.ok) { show(answer); }
          status.textContent = answer.message;
        });
      })
      .then(function () { button.disabled = false; })
      .catch(function () { form.submit(); });
  });
})();
