// Shared behaviour of every page. Scrollable boxes (wide tables, long lists) must be reachable with the keyboard
// (WCAG 2.1.1): give each one that really scrolls a tab stop and a name, also after an htmx swap.
(function () {
  "use strict";
  function focusableScrollBoxes(root) {
    root.querySelectorAll(".table-wrap, .scroll-box, .source-text").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        if (!box.hasAttribute("role")) box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) {
          var caption = box.querySelector("caption, h2, h3, table[aria-label]");
          var label = caption ? (caption.getAttribute("aria-label") || caption.textContent) : "";
          box.setAttribute("aria-label", (label || document.title).trim().slice(0, 120));
        }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { focusableScrollBoxes(document); });
  window.addEventListener("resize", function () { focusableScrollBoxes(document); });
  document.addEventListener("htmx:afterSwap", function (e) { focusableScrollBoxes(e.target); });
})();
