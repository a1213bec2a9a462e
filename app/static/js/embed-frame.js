/* Inside the widget's iframe: tell the host page (and only its listed origin) how tall the
   survey is, and that it was answered. Messages carry no answers, only a size and a response id. */
(function () {
  "use strict";
  var body = document.body;
  var host = body.getAttribute("data-host");
  if (!host || window.parent === window) { return; }

  function send(message) {
    message.source = "journeymap";
    window.parent.postMessage(message, host);
  }

  var lastHeight = 0;
  function reportSize() {
    // The body, not the document: a document is never shorter than its frame, so it could not shrink.
    var height = Math.ceil(body.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      send({ type: "resize", height: height });
    }
  }

  reportSize();
  window.addEventListener("load", reportSize);
  if (window.ResizeObserver) {
    new ResizeObserver(reportSize).observe(body);
  } else {
    window.addEventListener("resize", reportSize);
  }
  var responseId = body.getAttribute("data-complete");
  if (responseId) {
    send({ type: "complete", response: responseId });
  }
})();
