// Kiosk mode: after the idle time, a countdown the delegate can cancel; when it runs out the
// reset form is posted (the server clears the session and shows the start page).
(function () {
  "use strict";
  var dialog = document.getElementById("kiosk-dialog");
  if (!dialog) { return; }
  var idleSeconds = Number(dialog.dataset.idleSeconds);
  var countdownSeconds = Number(dialog.dataset.countdownSeconds);
  var time = dialog.querySelector("[data-kiosk-time]");
  var reset = dialog.querySelector("[data-kiosk-reset]");
  var idleTimer = null;
  var tickTimer = null;
  var left = 0;

  function clock(seconds) {
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tick() {
    time.textContent = clock(left);
    if (left <= 0) { clearInterval(tickTimer); reset.submit(); return; }
    left -= 1;
  }

  function startCountdown() {
    left = countdownSeconds;
    if (dialog.showModal) { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
    tick();
    tickTimer = setInterval(tick, 1000);
  }

  function stillHere() {
    if (dialog.open) { return; }
    clearTimeout(idleTimer);
    idleTimer = setTimeout(startCountdown, idleSeconds * 1000);
  }

  function stay() {
    clearInterval(tickTimer);
    if (dialog.open) { dialog.close(); }
    stillHere();
  }

  ["pointerdown", "keydown", "scroll", "touchstart", "input"].forEach(function (name) {
    window.addEventListener(name, stillHere, { passive: true, capture: true });
  });
  dialog.querySelector("[data-kiosk-stay]").addEventListener("click", stay);
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); stay(); });
  stillHere();
})();
