// Keeps what a resident has typed into a long form in this browser tab (sessionStorage: gone
// when the tab closes, never sent anywhere) so that a reload, a lost connection or going back
// does not lose it. Not kept: PESEL, consents and hidden fields. The "done" page clears the draft.
(function () {
  var clear = document.querySelector("[data-clear-draft]");
  if (clear) {
    try { sessionStorage.removeItem("draft:" + clear.getAttribute("data-clear-draft")); } catch (e) {}
    return;
  }
  var form = document.querySelector("form[data-draft]");
  if (!form) return;
  var key = "draft:" + form.getAttribute("data-draft");
  var skip = { pesel: true, consentRodo: true, csrf_token: true, rodoVersion: true };
  var status = document.getElementById("draft-status");
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !skip[el.name] && el.type !== "hidden" && el.type !== "submit" && el.type !== "button";
    });
  }
  function save() {
    var data = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) (data[el.name] = data[el.name] || []).push(el.value);
      } else {
        data[el.name] = el.value;
      }
    });
    try { sessionStorage.setItem(key, JSON.stringify(data)); } catch (e) { return; }
    if (status) status.textContent = "Wpisane dane są zachowane w tej karcie przeglądarki do czasu wysłania wniosku.";
  }
  // The server's copy (after an error) wins over the draft: restore only into an untouched form.
  var untouched = !form.querySelector("[aria-invalid]") && fields().every(function (el) {
    return el.type === "checkbox" || el.type === "radio" || el.tagName === "SELECT" || !el.value;
  });
  var stored = null;
  try { stored = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) {}
  if (stored && untouched) {
    fields().forEach(function (el) {
      var v = stored[el.name];
      if (v === undefined) return;
      if (el.type === "checkbox" || el.type === "radio") el.checked = Array.isArray(v) && v.indexOf(el.value) !== -1;
      else el.value = v;
    });
    if (status) status.textContent = "Przywrócono dane wpisane wcześniej w tej karcie. Sprawdź je i uzupełnij numer PESEL oraz zgodę.";
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
})();
