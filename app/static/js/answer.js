/* Hosted page and widget: better with JavaScript, fine without it.
   - move focus to the error summary, so keyboard and screen-reader users land on what to fix;
   - disable the button while sending, so an impatient second click does not send twice
     (the server would store it once anyway: every form carries its own response key). */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  var forms = document.querySelectorAll("form[data-answer-form]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) {
        window.setTimeout(function () { button.disabled = true; button.textContent = "Sending…"; }, 0);
      }
    });
  });
})();
