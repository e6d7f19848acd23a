// The menu works without this file (it is built from <details>); this only adds what people expect of
// dropdowns: Escape or a click elsewhere closes an open area, and the current page is announced.
(function () {
  "use strict";
  var groups = function () { return document.querySelectorAll(".nav-group > details[open]"); };
  document.addEventListener("click", function (e) {
    groups().forEach(function (d) { if (!d.contains(e.target)) d.open = false; });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    groups().forEach(function (d) {
      var had = d.contains(document.activeElement);
      d.open = false;
      if (had) d.querySelector("summary").focus();
    });
  });
  document.querySelectorAll(".site-links a.nav-link").forEach(function (a) {
    if (a.pathname === location.pathname) a.setAttribute("aria-current", "page");
  });
})();

// A table or wrapper that scrolls sideways on a phone must be reachable by keyboard (arrow keys
// scroll it once focused); one with links or fields inside already is.
(function () {
  "use strict";
  var focusable = "a[href], button, input, select, textarea, [tabindex]";
  function mark() {
    document.querySelectorAll("main table, main .table-responsive").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1;
      if (scrolls && !el.querySelector(focusable) && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.dataset.scrollFocus = "1";
      } else if (!scrolls && el.dataset.scrollFocus) {
        el.removeAttribute("tabindex");
        delete el.dataset.scrollFocus;
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();
