/* Hosted page and widget: better with JavaScript, fine without it.
   - move focus to the error summary, so keyboard and screen-reader users land on what to fix;
   - disable the button while sending, so an impatient second click does not send twice
     (the server would store it once anyway: every form carries its own response key);
   - tick "Give this colour" when a colour is picked (a picker always sends a colour, so an
     optional colour question counts only with its tick). */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  // Conditions are the server's alone: a question shows up on the next step once the answers
  // it depends on are in, with JavaScript on or off, so no condition is sent to the browser.
  var ticks = document.querySelectorAll("input[data-colour-given]");
  Array.prototype.forEach.call(ticks, function (tick) {
    var picker = document.getElementById(tick.id.replace(/-given$/, ""));
    if (picker) { picker.addEventListener("input", function () { tick.checked = true; }); }
  });
  var forms = document.querySelectorAll("form[data-answer-form]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      // The button pressed (Next or Back) says "Sending…"; both wait until the page comes.
      var pressed = event.submitter || form.querySelector("button[type=submit]");
      var buttons = form.querySelectorAll("button[type=submit]");
      window.setTimeout(function () {
        Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
        if (pressed) { pressed.textContent = "Sending…"; }
      }, 0);
    });
  });
})();
