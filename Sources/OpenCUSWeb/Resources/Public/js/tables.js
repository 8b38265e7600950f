// A table wider than the screen scrolls inside its own area (.table-scroll). When it does, the
// area becomes a named, focusable region so that a keyboard user can scroll it with the arrow
// keys (WCAG 2.1.1) and a screen reader announces what it holds; when it fits, it stays plain.
(function () {
  function update() {
    document.querySelectorAll(".table-scroll").forEach(function (area) {
      var overflows = area.scrollWidth > area.clientWidth + 1;
      if (overflows && !area.hasAttribute("tabindex")) {
        var caption = area.querySelector("caption");
        area.setAttribute("tabindex", "0");
        area.setAttribute("role", "region");
        area.setAttribute("aria-label", "Tabela" + (caption ? ": " + caption.textContent.trim() : "") + " (przewijana w poziomie)");
      } else if (!overflows && area.hasAttribute("tabindex")) {
        area.removeAttribute("tabindex");
        area.removeAttribute("role");
        area.removeAttribute("aria-label");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", update);
  window.addEventListener("resize", update);
})();
