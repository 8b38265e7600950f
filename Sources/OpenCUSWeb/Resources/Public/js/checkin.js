// The check-in desk, enhanced: the list filters as you type (the server search still works
// without this script), "Obecny"/"Cofnij" post in the background, and every few seconds the
// counters and the marks made at the other desk are fetched again.
(function () {
  var list = document.getElementById("checkin-list");
  var counters = document.getElementById("checkin-counters");
  if (!counters) return;
  var input = document.querySelector("[data-checkin-filter]");
  var status = document.getElementById("checkin-count");
  var rows = list ? Array.prototype.slice.call(list.querySelectorAll("[data-registration]")) : [];
  function fold(s) {
    return s.toLowerCase().replace(/ł/g, "l").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function people(n) {
    if (n === 1) return "osoba";
    var last = n % 10, lastTwo = n % 100;
    return last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14) ? "osoby" : "osób";
  }
  function filter() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search");
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    status.textContent = "Na liście: " + shown + " " + people(shown) + ".";
  }
  var timer = null;
  if (input && rows.length) {
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(filter, 120); });
  }
  function show(row, present) {
    row.classList.toggle("is-present", present);
    row.querySelector("[data-state]").textContent = present ? "obecny(-a)" : "nieobecny(-a)";
    row.querySelector("[data-checkin=present]").hidden = present;
    row.querySelector("[data-checkin=absent]").hidden = !present;
  }
  function apply(data) {
    ["registered", "present", "notYet"].forEach(function (key) {
      counters.querySelector("[data-counter=" + key + "]").textContent = data[key];
    });
    var present = {};
    data.presentIDs.forEach(function (id) { present[id.toUpperCase()] = true; });
    rows.forEach(function (row) {
      var isPresent = !!present[row.getAttribute("data-registration").toUpperCase()];
      if (row.classList.contains("is-present") !== isPresent) show(row, isPresent);
    });
  }
  rows.forEach(function (row) {
    Array.prototype.forEach.call(row.querySelectorAll("form[data-checkin]"), function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var button = form.querySelector("button");
        button.disabled = true;
        fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
          .then(function (data) {
            apply(data);
            // Ready for the next person: the search is emptied and has the focus again.
            if (input) {
              input.value = "";
              filter();
              input.focus();
            }
          })
          .catch(function () { form.submit(); })
          .then(function () { button.disabled = false; });
      });
    });
  });
  var url = counters.getAttribute("data-status");
  setInterval(function () {
    if (document.hidden) return;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) apply(data); })
      .catch(function () {});
  }, 8000);

  // The phone's camera reads the QR code where the browser can (BarcodeDetector): the code
  // goes into the search field and the form is sent, exactly as a hand scanner would type it.
  var scan = document.querySelector("[data-scan]");
  var camera = document.querySelector("[data-camera]");
  if (scan && camera && input && "BarcodeDetector" in window && navigator.mediaDevices) {
    scan.hidden = false;
    var video = camera.querySelector("[data-camera-video]");
    var stream = null;
    var stop = function () {
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      camera.hidden = true;
    };
    camera.querySelector("[data-camera-stop]").addEventListener("click", function () { stop(); scan.focus(); });
    scan.addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
        stream = s;
        video.srcObject = s;
        camera.hidden = false;
        return video.play();
      }).then(function look() {
        if (!stream) return;
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            input.value = codes[0].rawValue;
            stop();
            input.form.submit();
          } else {
            setTimeout(look, 250);
          }
        }).catch(function () { setTimeout(look, 500); });
      }).catch(function () {
        stop();
        status.textContent = "Aparat jest niedostępny: wpisz kod lub nazwisko.";
      });
    });
  }
})();
