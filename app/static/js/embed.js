/* Journeymap widget: shows a survey on any page in an iframe. No dependencies, no cookies.

   <script src="https://journeymap.example/embed.js" data-survey="PUBLIC_ID" async
           data-mode="inline|popup|slide-in"          (default inline)
           data-target="#feedback"                    (inline: where to put it; default: after the script)
           data-trigger="load|delay|exit|click|url"   (default load)
           data-delay="10"                            (delay: seconds)
           data-click="#feedback-button"              (click: the element that opens it)
           data-url-match="/checkout"                 (url: show only where the address contains this;
                                                      "re:^/orders/\d+$" for a regular expression)
           data-sample="25"                           (percent of visitors who see it; default 100)
           data-once="true"                           (once per visitor, kept in localStorage; default true)
           data-customer-id="42" data-persona="Busy parent" data-channel="web" data-anything="…">
                                                      (every other data-* becomes a hidden field)

   The frame reports its height and its completion with postMessage; the page gets one
   "journeymap:complete" event per submission (detail: {survey, response}), dispatched on the
   script element and bubbling to the document. */
(function () {
  "use strict";

  var CONFIG = ["survey", "mode", "target", "trigger", "delay", "click", "urlMatch", "sample", "once", "jmReady"];
  var PREFIX = "journeymap:";

  function storage() {
    try { return window.localStorage; } catch (e) { return null; } // blocked in some privacy modes
  }
  function remember(key, value) {
    var s = storage();
    if (s) { try { s.setItem(PREFIX + key, value); } catch (e) { /* full or blocked: forget it */ } }
  }
  function recall(key) {
    var s = storage();
    return s ? s.getItem(PREFIX + key) : null;
  }
  function uuid() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID().replace(/-/g, ""); }
    var out = "";
    for (var i = 0; i < 32; i++) { out += Math.floor(Math.random() * 16).toString(16); }
    return out;
  }
  function kebab(name) { return name.replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); }); }

  /* Whether this visitor is in the sample; decided once and remembered, so reloading the page
     does not give a second chance to be sampled in. */
  function sampled(survey, percent) {
    if (percent >= 100) { return true; }
    var key = survey + ":sample";
    var decided = recall(key);
    if (decided === "in" || decided === "out") { return decided === "in"; }
    var inside = Math.random() * 100 < percent;
    remember(key, inside ? "in" : "out");
    return inside;
  }

  function urlMatches(pattern) {
    if (!pattern) { return true; }
    var here = window.location.pathname + window.location.search;
    if (pattern.indexOf("re:") === 0) {
      try { return new RegExp(pattern.slice(3)).test(here); } catch (e) { return false; }
    }
    return window.location.href.indexOf(pattern) !== -1;
  }

  function frameUrl(base, data, mode) {
    var params = ["mode=" + encodeURIComponent(mode), "host=" + encodeURIComponent(window.location.origin),
                  "key=" + uuid()];
    Object.keys(data).forEach(function (name) {
      if (CONFIG.indexOf(name) === -1) {
        params.push(encodeURIComponent(kebab(name).replace(/-/g, "_")) + "=" + encodeURIComponent(data[name]));
      }
    });
    return base + "/embed/s/" + encodeURIComponent(data.survey) + "?" + params.join("&");
  }

  function style(el, css) { Object.keys(css).forEach(function (k) { el.style[k] = css[k]; }); }

  function makeFrame(src, title) {
    var iframe = document.createElement("iframe");
    iframe.src = src;
    iframe.title = title;
    iframe.setAttribute("loading", "lazy");
    style(iframe, { width: "100%", height: "320px", border: "0", display: "block", colorScheme: "light" });
    return iframe;
  }

  function closeButton(onClose) {
    var button = document.createElement("button");
    button.type = "button";
    button.setAttribute("aria-label", "Close survey");
    button.textContent = "×";
    style(button, { position: "absolute", top: "4px", right: "6px", font: "24px/1 sans-serif", background: "#fff",
                    color: "#1b1f24", border: "1px solid #6b7280", borderRadius: "4px", width: "36px", height: "36px",
                    cursor: "pointer", zIndex: "1" });
    button.addEventListener("click", onClose);
    return button;
  }

  function Widget(script) {
    this.script = script;
    this.data = script.dataset;
    this.base = new URL(script.src, window.location.href).origin;
    this.mode = (this.data.mode || "inline").toLowerCase();
    this.shown = false;
    this.once = this.data.once !== "false";
    this.completed = []; // the response ids already announced to the page
  }

  Widget.prototype.show = function () {
    if (this.shown) { return; }
    this.shown = true;
    var self = this;
    var iframe = this.iframe = makeFrame(frameUrl(this.base, this.data, this.mode), "Survey");
    if (this.once) { remember(this.data.survey + ":shown", "1"); }
    if (this.mode === "inline") {
      var target = this.data.target ? document.querySelector(this.data.target) : null;
      this.box = document.createElement("div");
      this.box.className = "journeymap-inline";
      this.box.appendChild(iframe);
      if (target) { target.appendChild(this.box); } else { this.script.parentNode.insertBefore(this.box, this.script.nextSibling); }
    } else {
      var popup = this.mode === "popup";
      this.opener = document.activeElement;
      this.box = document.createElement("div");
      this.box.className = popup ? "journeymap-popup" : "journeymap-slide-in";
      this.box.setAttribute("role", "dialog");
      this.box.setAttribute("aria-modal", popup ? "true" : "false");
      this.box.setAttribute("aria-label", "Survey");
      var panel = document.createElement("div");
      style(panel, { position: "relative", background: "#fff", borderRadius: "8px", boxShadow: "0 4px 24px rgba(0,0,0,.3)",
                     width: popup ? "min(36rem, 94vw)" : "min(24rem, 94vw)", maxHeight: "90vh", overflow: "auto",
                     padding: "8px 0 0" });
      panel.appendChild(closeButton(function () { self.close(); }));
      panel.appendChild(iframe);
      this.box.appendChild(panel);
      if (popup) {
        style(this.box, { position: "fixed", inset: "0", background: "rgba(0,0,0,.5)", display: "flex",
                          alignItems: "center", justifyContent: "center", zIndex: "2147483000" });
        this.box.addEventListener("click", function (event) { if (event.target === self.box) { self.close(); } });
      } else {
        style(this.box, { position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000",
                          transform: "translateY(120%)", transition: "transform .3s ease-out" });
        window.setTimeout(function () { self.box.style.transform = "translateY(0)"; }, 20);
      }
      this.onKey = function (event) { if (event.key === "Escape") { self.close(); } };
      document.addEventListener("keydown", this.onKey);
      document.body.appendChild(this.box);
      // The dialog takes the keyboard, unless this window is not the one the user is in (a
      // preview frame refreshed while they type in the page around it).
      if (document.hasFocus()) { panel.querySelector("button").focus(); }
    }
  };

  Widget.prototype.close = function () {
    if (!this.box || this.mode === "inline") { return; }
    document.removeEventListener("keydown", this.onKey);
    this.box.parentNode.removeChild(this.box);
    this.box = null;
    if (this.opener && this.opener.focus) { this.opener.focus(); } // give keyboard users their place back
  };

  Widget.prototype.receive = function (event) {
    if (!this.iframe || event.origin !== this.base || event.source !== this.iframe.contentWindow) { return; }
    var message = event.data || {};
    if (message.source !== "journeymap") { return; }
    if (message.type === "resize" && message.height > 0) {
      this.iframe.style.height = Math.min(message.height, 2000) + "px";
    } else if (message.type === "complete") {
      // One event per submission: a thanks page shown again (reloaded, or back and forward) sends
      // its response's id again, and the page has already been told about that one.
      if (!message.response || this.completed.indexOf(message.response) !== -1) { return; }
      this.completed.push(message.response);
      remember(this.data.survey + ":done", "1");
      var detail = { survey: this.data.survey, response: message.response };
      var self = this;
      // Dispatched once: from the script element it bubbles up to the document, so listeners on
      // either hear it once (dispatching on both made a document listener hear it twice). A
      // script the page has since removed reaches no document, so the document gets it then.
      var target = this.script.isConnected ? this.script : document;
      target.dispatchEvent(new CustomEvent("journeymap:complete", { detail: detail, bubbles: true }));
      if (this.mode !== "inline") { window.setTimeout(function () { self.close(); }, 4000); }
    }
  };

  Widget.prototype.arm = function () {
    var self = this;
    var survey = this.data.survey;
    if (!survey || !urlMatches(this.data.urlMatch)) { return; }
    // data-once="false" shows the widget on every visit, even after an answer.
    if (this.once && (recall(survey + ":done") || (this.mode !== "inline" && recall(survey + ":shown")))) { return; }
    var percent = this.data.sample === undefined ? 100 : parseFloat(this.data.sample);
    if (!sampled(survey, isNaN(percent) ? 100 : percent)) { return; }
    window.addEventListener("message", function (event) { self.receive(event); });
    var trigger = (this.data.trigger || "load").toLowerCase();
    var show = function () { self.show(); };
    if (trigger === "delay") {
      window.setTimeout(show, Math.max(0, parseFloat(this.data.delay || "0")) * 1000);
    } else if (trigger === "exit") {
      var onLeave = function (event) {
        if (!event.relatedTarget && event.clientY <= 0) { document.removeEventListener("mouseout", onLeave); show(); }
      };
      document.addEventListener("mouseout", onLeave);
    } else if (trigger === "click") {
      document.addEventListener("click", function (event) {
        var opener = self.data.click && event.target.closest ? event.target.closest(self.data.click) : null;
        if (opener) { event.preventDefault(); self.shown = !!self.box && self.shown; show(); }
      });
    } else {
      show(); // "load", and "url" once the address matched above
    }
  };

  function start() {
    var scripts = document.querySelectorAll("script[data-survey]");
    Array.prototype.forEach.call(scripts, function (script) {
      if (script.dataset.jmReady || !/\/embed\.js(\?|$)/.test(script.src)) { return; }
      script.dataset.jmReady = "1";
      new Widget(script).arm();
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
