// Live GSM-7 / segment counter for the one-off message box (same rules as dashboard/sms.py).
(function () {
  "use strict";
  var BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENDED = "^{}\\[~]|€\f";

  function count(text) {
    var gsm = true, septets = 0, bad = [];
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (BASIC.indexOf(c) >= 0) septets += 1;
      else if (EXTENDED.indexOf(c) >= 0) septets += 2;
      else { gsm = false; if (bad.indexOf(c) < 0) bad.push(c); }
    }
    var units = gsm ? septets : text.length; // JS strings are UTF-16 code units
    var single = gsm ? 160 : 70, multi = gsm ? 153 : 67;
    var segments = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / multi);
    return { gsm: gsm, units: units, segments: segments, bad: bad };
  }

  document.querySelectorAll("[data-sms-counter]").forEach(function (box) {
    var out = document.getElementById(box.getAttribute("data-sms-counter"));
    var max = parseInt(box.getAttribute("data-max-segments") || "2", 10);
    function update() {
      var r = count(box.value);
      var text = (r.gsm ? "GSM-7" : "Not GSM-7 (UCS-2): " + r.bad.join(" ")) +
        " · " + r.units + " characters · " + r.segments + " segment" + (r.segments === 1 ? "" : "s");
      if (!r.gsm) text += " — plain characters only";
      else if (r.segments > max) text += " — too long (at most " + max + ")";
      out.textContent = text;
      out.className = "counter" + (!r.gsm || r.segments > max ? " counter-bad" : "");
    }
    box.addEventListener("input", update);
    update();
  });
})();
