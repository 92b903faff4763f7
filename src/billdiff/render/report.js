/* billdiff report: optional conveniences. The page is complete without this script. */
(function () {
  "use strict";
  var folds = function () { return document.querySelectorAll("details"); };
  var units = function () { return document.querySelectorAll("#changes .unit, #changes .group"); };
  var tests = {
    all: function () { return true; },
    changed: function (u) { return u.getAttribute("data-status") !== "unchanged"; },
    weighty: function (u) { return u.hasAttribute("data-weighty"); },
    notes: function (u) { return u.hasAttribute("data-notes"); }
  };
  function show(mode) {
    var test = tests[mode] || tests.all;
    units().forEach(function (u) {
      if (u.classList.contains("group")) { return; }
      u.hidden = !test(u);
    });
  }
  var tools = document.getElementById("tools");
  if (tools) {
    var add = function (text, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.addEventListener("click", action);
      tools.appendChild(b);
    };
    add("Open every folded unit", function () { folds().forEach(function (d) { d.open = true; }); });
    add("Fold them again", function () { folds().forEach(function (d) { d.open = false; }); });
    var label = document.createElement("label");
    label.appendChild(document.createTextNode("Show: "));
    var select = document.createElement("select");
    [["all", "every unit"], ["changed", "changed units"],
     ["weighty", "changes of substance, additions, removals and moves"],
     ["notes", "units with notes"]].forEach(function (o) {
      var opt = document.createElement("option");
      opt.value = o[0];
      opt.textContent = o[1];
      select.appendChild(opt);
    });
    select.addEventListener("change", function () { show(select.value); });
    label.appendChild(select);
    tools.appendChild(label);
  }
  var opened = [];
  window.addEventListener("beforeprint", function () {
    folds().forEach(function (d) {
      // A one-line unit of a changes-only report prints as its line.
      if (!d.open && !d.classList.contains("brief")) { d.open = true; opened.push(d); }
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
  if (location.hash) {
    var target = document.getElementById(location.hash.slice(1));
    var fold = target && target.closest("details");
    if (fold) { fold.open = true; target.scrollIntoView(); }
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href^='#']");
    if (!a) { return; }
    var t = document.getElementById(a.getAttribute("href").slice(1));
    var d = t && t.closest("details");
    if (d) { d.open = true; }
  });
})();
