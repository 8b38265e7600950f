// Fields that matter only for some answers ("data-show-if="applicantRole=representative,carer"")
// are hidden while the answer is another one, and shown as soon as it changes. Without the
// script they are always shown (with a hint saying when to fill them in); the server ignores
// them when they do not apply.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-show-if]").forEach(function (group) {
    var rule = group.getAttribute("data-show-if").split("=");
    var control = document.getElementById(rule[0]);
    if (!control) return;
    var values = rule[1].split(",");
    var update = function () { group.hidden = values.indexOf(control.value) < 0; };
    control.addEventListener("change", update);
    update();
  });
});

// Forms with errors: the list of errors at the top takes the focus when the page opens, so a
// screen reader reads it first and a keyboard user starts from it; each link in it moves the
// focus to its field (a plain anchor only scrolls there). Without the script the list is still
// there and its links still scroll to the fields.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) return;
    event.preventDefault();
    var field = target.matches("input, select, textarea, button") ? target : target.querySelector("input, select, textarea");
    var label = field && field.id ? document.querySelector("label[for='" + field.id + "']") : null;
    (label || target).scrollIntoView();
    (field || target).focus({ preventScroll: true });
  });
});
