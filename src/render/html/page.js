// netreach HTML report: reads the JSON island and shows a page of pairs at a
// time, with filters, a search box and the selected pair's details. Every
// element is built with createElement and textContent: nothing from the
// report is ever parsed as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("netreach-data").textContent);
  var S = data.strings, PAGE = 100;
  var VERDICT = ["reachable", "unreachable", "unknown"];
  // control and bidirectional characters shown as \u{...}, as the other reports do
  var HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  function visible(s) {
    return s.replace(HIDDEN, function (c) { return "\\u{" + c.charCodeAt(0).toString(16) + "}"; });
  }
  var str = function (i) { return i >= 0 ? visible(S[i]) : ""; };
  var raw = function (i) { return i >= 0 ? S[i] : ""; };
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function row(cells) {
    var tr = el("tr");
    cells.forEach(function (c) {
      var td = el("td");
      if (c instanceof Node) td.appendChild(c); else td.textContent = c;
      tr.appendChild(td);
    });
    return tr;
  }
  function verdictEl(v) { return el("span", VERDICT[v], "verdict-" + VERDICT[v]); }
  var pairs = data.pairs;
  var diagramOf = new Map();
  data.diagram_of.forEach(function (d) { diagramOf.set(d[0], d[1]); });
  function findings(p) { return p[8] || []; }
  function primary(p) {
    var fs = findings(p);
    for (var i = 0; i < fs.length; i++) if (data.findings[fs[i]][2]) return data.findings[fs[i]];
    return null;
  }
  function primaryText(f) { return f ? str(f[0]) + " on " + str(f[3]) : ""; }

  // the pairs of each task, by row
  var rowOf = null;
  function pairRow(rg, ds) {
    if (!rowOf) {
      rowOf = new Map();
      pairs.forEach(function (p, i) { rowOf.set(p[0] + "," + p[1], i); });
    }
    var r = rowOf.get(rg + "," + ds);
    return r === undefined ? -1 : r;
  }

  // filters
  function options(select, values) {
    values.forEach(function (v) { var o = el("option", v); o.value = v; select.appendChild(o); });
  }
  var scenarios = new Set(), groups = new Set();
  pairs.forEach(function (p) { scenarios.add(p[3]); groups.add(p[0]); });
  options($("f-scenario"), Array.from(scenarios).map(str).sort());
  options($("f-group"), Array.from(groups).map(str).sort());
  options($("f-task"), data.tasks.map(function (t) { return str(t[0]); }).sort());
  var failing = pairs.some(function (p) { return p[2] !== 0; });
  $("f-verdict").value = failing ? "failing" : "all";

  var matches = [], page = 0, selected = -1;
  function taskRows(id) {
    var out = new Set();
    data.tasks.forEach(function (t) {
      if (str(t[0]) !== id) return;
      t[4].forEach(function (tp) { var r = pairRow(t[2], tp[0]); if (r >= 0) out.add(r); });
    });
    return out;
  }
  function searchable(p) {
    var parts = [str(p[0]), str(p[1]), str(p[4]), str(p[5])];
    findings(p).forEach(function (i) {
      var f = data.findings[i];
      parts.push(str(f[0]), str(f[3]), str(f[4]));
    });
    return parts.join("\n").toLowerCase();
  }
  function applyFilters() {
    var verdict = $("f-verdict").value, scenario = $("f-scenario").value;
    var group = $("f-group").value, task = $("f-task").value;
    var search = $("f-search").value.trim().toLowerCase();
    var inTask = task ? taskRows(task) : null;
    matches = [];
    for (var i = 0; i < pairs.length; i++) {
      var p = pairs[i];
      if (verdict === "failing" ? p[2] === 0 : verdict !== "all" && VERDICT[p[2]] !== verdict) continue;
      if (scenario && str(p[3]) !== scenario) continue;
      if (group && str(p[0]) !== group) continue;
      if (inTask && !inTask.has(i)) continue;
      if (search && searchable(p).indexOf(search) < 0) continue;
      matches.push(i);
    }
    page = 0;
    showPage();
  }
  function showPage() {
    var body = $("rows");
    body.textContent = "";
    var from = page * PAGE, to = Math.min(matches.length, from + PAGE);
    for (var k = from; k < to; k++) {
      var i = matches[k], p = pairs[i];
      var tr = row([str(p[0]), str(p[1]), verdictEl(p[2]), str(p[3]), primaryText(primary(p))]);
      tr.dataset.row = i;
      if (i === selected) tr.className = "selected";
      body.appendChild(tr);
    }
    $("shown").textContent = matches.length === 0 ? "no pair matches" :
      (from + 1) + "\u2013" + to + " of " + matches.length + " pairs";
    $("prev").disabled = page === 0;
    $("next").disabled = to >= matches.length;
  }
  $("rows").addEventListener("click", function (e) {
    var tr = e.target.closest("tr");
    if (tr && tr.dataset.row !== undefined) showPair(Number(tr.dataset.row));
  });
  $("prev").addEventListener("click", function () { if (page > 0) { page--; showPage(); } });
  $("next").addEventListener("click", function () {
    if ((page + 1) * PAGE < matches.length) { page++; showPage(); }
  });
  ["f-verdict", "f-scenario", "f-group", "f-task"].forEach(function (id) {
    $(id).addEventListener("change", applyFilters);
  });
  var timer = null;
  $("f-search").addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(applyFilters, 200);
  });

  // one pair
  function hopTable(title, path) {
    var hops = data.paths[path] || [];
    var box = el("div");
    box.appendChild(el("h3", title));
    if (hops.length === 0) { box.appendChild(el("p", "no hop", "muted")); return box; }
    var table = el("table"), head = el("tr");
    ["#", "at", "table", "route", "next hop", "range", "note"].forEach(function (h) { head.appendChild(el("th", h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    hops.forEach(function (h, n) {
      var hop = data.hops[h];
      body.appendChild(row([String(n + 1), str(hop[0]), str(hop[1]), str(hop[2]), str(hop[3]), str(hop[4]), str(hop[5])]));
    });
    box.appendChild(table);
    return box;
  }
  function quote(s) { return "'" + s.replace(/'/g, "'\\''") + "'"; }
  function renderCommand(p) {
    var inputs = data.inputs.map(function (i) { return quote(raw(i)); }).join(" ") || "INVENTORY";
    var rg = raw(p[0]), ds = raw(p[1]);
    return "netreach render " + inputs + " --style design --focus-pair " + quote(rg + ":" + ds) +
      " --format svg --output pair.svg";
  }
  function showPair(i) {
    selected = i;
    var p = pairs[i], d = $("detail");
    d.textContent = "";
    d.appendChild(el("h2", str(p[0]) + " \u2192 " + str(p[1])));
    var facts = el("ul");
    var v = el("li", "verdict: "); v.appendChild(verdictEl(p[2])); facts.appendChild(v);
    facts.appendChild(el("li", "scenario: " + str(p[3])));
    if (p[4] >= 0) facts.appendChild(el("li", "binding: " + str(p[4]) + " / " + str(p[5])));
    if (p[11] >= 0 && p[11] !== undefined) facts.appendChild(el("li", "the scenario needs: " + str(p[11])));
    d.appendChild(facts);
    var fs = findings(p);
    if (fs.length) {
      d.appendChild(el("h3", "Findings"));
      var table = el("table"), head = el("tr");
      ["", "severity", "code", "resource", "message", "proved fix"].forEach(function (h) { head.appendChild(el("th", h)); });
      table.appendChild(el("thead")).appendChild(head);
      var body = table.appendChild(el("tbody"));
      fs.forEach(function (k) {
        var f = data.findings[k];
        body.appendChild(row([f[2] ? "primary" : "", str(f[1]), el("code", str(f[0])), str(f[3]), str(f[4]), str(f[5])]));
      });
      d.appendChild(table);
    }
    var fixes = p[9] || [];
    if (fixes.length) {
      d.appendChild(el("h3", "Proved fixes (in order)"));
      var ul = el("ul", null, "fixes");
      fixes.forEach(function (k) {
        var fx = data.fixes[k], li = el("li"), box = el("input");
        box.type = "checkbox";
        li.appendChild(box);
        li.appendChild(document.createTextNode(" " + str(fx[0]) + (fx[1] >= 0 ? " (API " + str(fx[1]) + ")" : "")));
        ul.appendChild(li);
      });
      d.appendChild(ul);
    }
    var decisions = p[10] || [];
    if (decisions.length) {
      d.appendChild(el("h3", "Decisions left"));
      var dl = el("ul");
      decisions.forEach(function (k) {
        var x = data.decisions[k];
        dl.appendChild(el("li", str(x[2]) + " (" + str(x[0]) + " on " + str(x[1]) + ")"));
      });
      d.appendChild(dl);
    }
    d.appendChild(hopTable("Forward path", p[6]));
    d.appendChild(hopTable("Return path", p[7]));
    var box = el("div"); box.id = "diagram";
    box.appendChild(el("h3", "Diagram"));
    var svg = diagramOf.get(i);
    if (svg !== undefined) {
      var img = el("img");
      img.alt = "diagram of " + str(p[0]) + " \u2192 " + str(p[1]);
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(data.diagrams[svg]);
      box.appendChild(img);
    } else {
      box.appendChild(el("p", data.diagram_note ||
        "No diagram is embedded for this pair (diagrams are embedded for failing pairs only, up to a cap). This command draws it:", "muted"));
      box.appendChild(el("code", renderCommand(p), "cmd"));
    }
    d.appendChild(box);
    Array.prototype.forEach.call($("rows").children, function (tr) {
      tr.className = Number(tr.dataset.row) === i ? "selected" : "";
    });
  }

  // tasks
  if (data.tasks.length) {
    $("tasks-section").hidden = false;
    var tb = $("task-rows");
    data.tasks.forEach(function (t) {
      var prim = null;
      t[5].forEach(function (tf) { var f = data.findings[tf[2]]; if (f[2]) prim = f; });
      var ps = t[4].map(function (tp) { return str(tp[1]) + " " + str(tp[0]) + ": " + VERDICT[tp[2]]; }).join("; ");
      var tr = row([str(t[0]), str(t[1]), str(t[2]), verdictEl(t[3]), ps, primaryText(prim)]);
      tr.addEventListener("click", function () {
        $("f-task").value = str(t[0]);
        $("f-verdict").value = "all";
        applyFilters();
        var first = -1;
        t[4].forEach(function (tp) { var r = pairRow(t[2], tp[0]); if (r >= 0 && (first < 0 || tp[2] !== 0)) first = r; });
        if (first >= 0) showPair(first);
      });
      tb.appendChild(tr);
    });
  }
  applyFilters();
  document.body.dataset.ready = "1";
})();
