// Search as you type in the services catalogue. Without this script the search form still
// works (the server filters); with it, items are hidden as the person types and the count is
// announced through the live region.
(function () {
  var input = document.querySelector("input[data-filter]");
  if (!input) return;
  var list = document.getElementById(input.getAttribute("data-filter"));
  var status = document.getElementById("service-count");
  var items = Array.prototype.slice.call(list.querySelectorAll("[data-search]"));
  var timer = null;
  function forms(n) {
    if (n === 1) return "usługa";
    var last = n % 10, lastTwo = n % 100;
    return last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14) ? "usługi" : "usług";
  }
  function apply() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var text = item.getAttribute("data-search");
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      item.hidden = !match;
      if (match) shown += 1;
    });
    Array.prototype.forEach.call(list.querySelectorAll("[data-area]"), function (area) {
      area.hidden = !area.querySelector("[data-search]:not([hidden])");
    });
    status.textContent = words.length ? "Pasujące: " + shown + " " + forms(shown) + "." : "Wszystkie usługi: " + items.length + ".";
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 150);
  });

})();

// The collapsed view: only the services' names, for a long catalogue on a phone.
(function () {
  var button = document.querySelector("[data-collapse-all]");
  if (!button) return;
  var details = Array.prototype.slice.call(document.querySelectorAll("[data-details]"));
  var collapsed = false;
  button.hidden = false;
  button.addEventListener("click", function () {
    collapsed = !collapsed;
    details.forEach(function (d) { d.hidden = collapsed; });
    button.textContent = collapsed ? "Rozwiń opisy usług" : "Zwiń opisy usług";
  });
})();
