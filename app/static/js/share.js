/* The share page: copy buttons, shown only where the script runs (without it the text fields are
   there to select and copy by hand). */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    var field = document.querySelector(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector("[data-copy-status]");
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var say = function (text) { if (status) { status.textContent = text; } };
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { say("Copied."); },
          function () { say("Press Ctrl+C (⌘C) to copy the selected text."); }
        );
      } else {
        // Plain http (not a secure context) has no clipboard API: the text is selected for the user.
        say(document.execCommand && document.execCommand("copy") ? "Copied." : "Press Ctrl+C (⌘C) to copy.");
      }
    });
  });
})();
