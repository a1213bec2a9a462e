/* Signature pads on the hosted page and in the widget: draw with a mouse, pen or finger on the
   canvas; the drawing goes to the form as an image data URL in the pad's hidden field (what
   SurveyJS's signature pad stores). Without JavaScript the canvas stays hidden and the file input
   beside it takes a picture of the signature instead; the server checks either the same way. */
(function () {
  "use strict";
  var pads = document.querySelectorAll("[data-signature]");
  Array.prototype.forEach.call(pads, function (pad) {
    var canvas = pad.querySelector("canvas");
    var value = pad.querySelector("[data-signature-value]");
    var clear = pad.querySelector("[data-signature-clear]");
    var or = pad.querySelector("[data-signature-or]");
    if (!canvas || !value || !canvas.getContext) { return; }
    var context = canvas.getContext("2d");
    var format = pad.getAttribute("data-format") === "image/jpeg" ? "image/jpeg" : "image/png";
    var drawing = false;
    var drawn = false;

    function paper() {
      // A JPEG has no transparency: paint the paper white first, as SurveyJS does.
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.strokeStyle = "#000";
      context.lineWidth = 2;
      context.lineCap = "round";
      context.lineJoin = "round";
      drawn = false;
    }

    function blank() {
      paper();
      value.value = "";
    }

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - box.left) * (canvas.width / box.width),
        y: (event.clientY - box.top) * (canvas.height / box.height)
      };
    }

    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var at = point(event);
      context.beginPath();
      context.moveTo(at.x, at.y);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var at = point(event);
      context.lineTo(at.x, at.y);
      context.stroke();
      drawn = true;
    });
    function finish() {
      if (!drawing) { return; }
      drawing = false;
      if (drawn) { value.value = canvas.toDataURL(format); }
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    if (clear) {
      clear.addEventListener("click", blank);
      clear.hidden = false;
    }
    paper(); // a signature drawn before an error on another question is still sent
    canvas.hidden = false;
    canvas.style.touchAction = "none"; // a finger draws instead of scrolling the page
    if (or) { or.textContent = "Or upload a picture of your signature (PNG or JPEG):"; }
  });
})();
