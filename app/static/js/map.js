// The map page without a reload for every filter: changing persona or channel applies it at
// once. Progressive enhancement only — without JavaScript the "Apply filters" button does it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosubmit]");
  if (!form) { return; }
  form.querySelectorAll("select").forEach(function (select) {
    select.addEventListener("change", function () { form.requestSubmit(); });
  });
  form.addEventListener("submit", function () {
    // Leave empty fields out of the address, so shared URLs stay short.
    form.querySelectorAll("select, input").forEach(function (field) {
      if (!field.value) { field.disabled = true; }
    });
  });
  window.addEventListener("pageshow", function () {
    form.querySelectorAll("[disabled]").forEach(function (field) { field.disabled = false; });
  });
})();
