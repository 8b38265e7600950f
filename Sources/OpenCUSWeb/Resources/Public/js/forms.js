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

// Survey conditions ("data-answer-if="q3" data-answer-values='["tak"]'"): a question or a
// section is shown only while an earlier question has one of these answers, judged in page
// order so that a hidden question never opens another. Without the script every question is
// shown with its condition in words; the server ignores answers to hidden questions anyway.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector(".survey-form");
  if (!form) return;
  var groups = Array.prototype.slice.call(form.querySelectorAll("[data-answer-if]"));
  if (groups.length === 0) return;
  var update = function () {
    groups.forEach(function (group) {
      var values = JSON.parse(group.getAttribute("data-answer-values"));
      var inputs = form.querySelectorAll("[name='" + group.getAttribute("data-answer-if") + "']");
      var holds = Array.prototype.some.call(inputs, function (input) {
        if (input.closest("[hidden]")) return false;
        return input.checked && values.indexOf(input.value) >= 0;
      });
      group.hidden = !holds;
    });
  };
  form.addEventListener("change", update);
  update();
});
