// The review page (bot/console/review.py): a catalog search beside the lines, and one key for the best
// candidate. Loaded from the console's own origin (the CSP allows no inline script); every text from
// the server goes in through textContent, never as HTML.
(function () {
  "use strict";
  var box = document.getElementById("search");
  var query = document.getElementById("search-q");
  var target = document.getElementById("search-line");
  var results = document.getElementById("search-results");
  var timer = null;

  function show(found) {
    results.replaceChildren();
    if (!found.length) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = "No product matches.";
      results.appendChild(none);
      return;
    }
    found.forEach(function (p) {
      var li = document.createElement("li");
      var take = document.createElement("button");
      take.setAttribute("form", "lines");
      take.name = "op";
      take.value = "pick:" + (target ? target.value : "0") + ":" + p.sku;
      take.textContent = p.sku;
      take.disabled = !target || !target.options.length;
      var about = document.createElement("span");
      about.textContent = " " + p.name + " (" + p.units.join(", ") + ") ";
      var why = document.createElement("span");
      why.className = "muted";
      why.textContent = p.why;
      li.append(take, about, why);
      results.appendChild(li);
    });
  }

  function search() {
    var words = query.value.trim();
    if (!words) {
      results.replaceChildren();
      return;
    }
    var url = box.dataset.url + "?q=" + encodeURIComponent(words);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(show)
      .catch(function () { show([]); });
  }

  if (box && query && results) {
    query.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    query.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { // Enter searches; it must not post the lines form
        e.preventDefault();
        clearTimeout(timer);
        search();
      }
    });
  }

  // "a" anywhere but a field takes the best candidate of the first unsure line
  document.addEventListener("keydown", function (e) {
    if (e.key !== "a" && e.key !== "A") return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var at = document.activeElement;
    if (at && /^(INPUT|SELECT|TEXTAREA)$/.test(at.tagName)) return;
    var best = document.querySelector("button[data-best]");
    if (best) {
      e.preventDefault();
      best.click();
    }
  });
})();
