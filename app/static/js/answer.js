/* Hosted page and widget: better with JavaScript, fine without it.
   - move focus to the error summary, so keyboard and screen-reader users land on what to fix;
   - disable the button while sending, so an impatient second click does not send twice
     (the server would store it once anyway: every form carries its own response key). */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  // Skip logic: the server decides (hidden questions' answers are dropped, "required" does not
  // apply); this only hides what would not be asked. Conditions name earlier questions.
  // Inputs and boxes are found by comparing names, never by building a selector from a key.
  function named(form, key) {
    return Array.prototype.filter.call(form.elements, function (el) { return el.name === key; });
  }
  function boxOf(form, key) {
    var boxes = form.querySelectorAll("[data-question]");
    for (var i = 0; i < boxes.length; i += 1) {
      if (boxes[i].getAttribute("data-question") === key) { return boxes[i]; }
    }
    return null;
  }
  function valueOf(form, key) {
    var inputs = named(form, key);
    var picked = [];
    inputs.forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { return; }
      // Text of only spaces is blank, as the server counts it.
      var value = input.type === "radio" || input.type === "checkbox" ? input.value : input.value.trim();
      if (value !== "") { picked.push(value); }
    });
    var box = boxOf(form, key);
    if (box && box.hidden) { return null; }
    if (inputs.length && inputs[0].type === "checkbox") { return picked; }
    return picked.length ? picked[0] : null;
  }
  function met(condition, answer) {
    if (answer === null || answer === "" || (Array.isArray(answer) && !answer.length)) { return false; }
    var op = condition.operator || "answered", want = condition.value;
    if (op === "answered") { return true; }
    if (op === "includes") { return Array.isArray(answer) && answer.indexOf(want) >= 0; }
    var a = Number(answer), w = Number(want), numeric = !isNaN(a) && !isNaN(w) && answer !== "";
    if (op === "equals") { return numeric ? a === w : answer === want; }
    if (op === "not_equals") { return numeric ? a !== w : answer !== want; }
    if (op === "at_least") { return numeric && a >= w; }
    if (op === "at_most") { return numeric && a <= w; }
    return false;
  }
  function applySkipLogic(form) {
    var boxes = form.querySelectorAll("[data-show-if]");
    Array.prototype.forEach.call(boxes, function (box) {
      var condition = JSON.parse(box.getAttribute("data-show-if"));
      var hide = !met(condition, valueOf(form, condition.question));
      box.hidden = hide;
      // The stylesheet gives .field a display, which outranks the hidden attribute's own.
      box.style.display = hide ? "none" : "";
    });
  }
  var forms = document.querySelectorAll("form[data-answer-form]");
  Array.prototype.forEach.call(forms, function (form) {
    applySkipLogic(form);
    form.addEventListener("change", function () { applySkipLogic(form); });
  });
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) {
        window.setTimeout(function () { button.disabled = true; button.textContent = "Sending…"; }, 0);
      }
    });
  });
})();
