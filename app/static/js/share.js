/* The share page: copy buttons, and the embed builder's snippet and preview kept up to date as
   options change. Without this script the page still works: the fields are there to select and
   copy, and the builder's button writes the snippet. The snippet is always written by the
   server (the page is fetched again with the form's options), never by this script. */
(function () {
  "use strict";

  function copy(button) {
    var field = document.querySelector(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector("[data-copy-status]");
    var say = function (text) { if (status) { status.textContent = text; } };
    if (!field) { return; }
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(
        function () { say("Copied."); },
        function () { say("Press Ctrl+C (⌘C) to copy the selected text."); }
      );
    } else {
      // Plain http is no secure context and has no clipboard API: the text is selected instead.
      say(document.execCommand && document.execCommand("copy") ? "Copied." : "Press Ctrl+C (⌘C) to copy.");
    }
  }

  function showCopyButtons(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-copy]"), function (b) { b.hidden = false; });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (button) { copy(button); }
  });
  showCopyButtons(document);

  var builder = document.querySelector("[data-embed-builder]");
  var output = document.querySelector("[data-embed-output]");
  if (!builder || !output || !window.fetch || !window.DOMParser) { return; }
  var timer = null;
  var asked = 0;

  function refresh() {
    var query = new URLSearchParams(new FormData(builder)).toString();
    var url = builder.action.split("#")[0].split("?")[0] + "?" + query;
    var mine = ++asked;
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (reply) { return reply.text(); })
      .then(function (html) {
        if (mine !== asked) { return; } // an older answer arriving late
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-embed-output]");
        if (!fresh) { return; }
        output.innerHTML = fresh.innerHTML; // our own server's markup, escaped there
        showCopyButtons(output);
        window.history.replaceState(null, "", url + "#embed");
      })
      .catch(function () { /* offline for a moment: the button still writes the snippet */ });
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  }
  builder.addEventListener("input", soon);
  builder.addEventListener("change", soon);
})();
