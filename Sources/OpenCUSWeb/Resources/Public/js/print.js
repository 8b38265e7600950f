// A visible "print / save as PDF" button on documents (a phone has no Ctrl+P); without this
// script the hint to use the browser's own print command stays.
(function () {
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
