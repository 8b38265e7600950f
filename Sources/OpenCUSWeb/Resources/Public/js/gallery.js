// Lightbox for the report's gallery. Without this script every thumbnail links to the full
// image. With it: Enter/click opens the photo in a modal dialog, ←/→ move, Esc closes, and
// focus returns to the thumbnail that opened it.
(function () {
  var dialog = document.getElementById("lightbox");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var links = Array.prototype.slice.call(document.querySelectorAll("[data-lightbox]"));
  var image = document.getElementById("lightbox-image");
  var caption = document.getElementById("lightbox-caption");
  var counter = document.getElementById("lightbox-count");
  var current = 0, opener = null;
  function show(i) {
    current = (i + links.length) % links.length;
    var link = links[current], thumb = link.querySelector("img");
    var figure = link.closest("figure"), text = figure.querySelector("figcaption");
    image.src = link.href;
    image.alt = thumb.alt;
    caption.textContent = text ? text.textContent : thumb.alt;
    counter.textContent = "Zdjęcie " + (current + 1) + " z " + links.length;
  }
  links.forEach(function (link, i) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      opener = link;
      show(i);
      dialog.showModal();
      dialog.querySelector("[data-lightbox-close]").focus();
    });
  });
  dialog.querySelector("[data-lightbox-prev]").addEventListener("click", function () { show(current - 1); });
  dialog.querySelector("[data-lightbox-next]").addEventListener("click", function () { show(current + 1); });
  dialog.querySelector("[data-lightbox-close]").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
    if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
  });
  dialog.addEventListener("close", function () { if (opener) opener.focus(); });
})();
