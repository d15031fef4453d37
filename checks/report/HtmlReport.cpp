//===--- HtmlReport.cpp - One self-contained HTML dashboard ---------------===//
//
// The page embeds the JSON report (plus source snippets around every finding
// and path step) and renders it with inline JavaScript: no network, no
// external files. It shows the verdict and its evidence, bar charts by check,
// category and component, a sortable findings table, and, for the selected
// finding, its path drawn as a chain of boxes with the source under each.
// `#finding-N` in the URL opens finding N. Script errors are counted on
// <body data-errors>, and <body data-rendered="1"> marks a finished render,
// so a headless browser can check the page without a driver.
//
//===----------------------------------------------------------------------===//
#include "report/Report.h"

#include "llvm/Support/raw_ostream.h"
#include <nlohmann/json.hpp>

namespace stallscan {

static const char *const Page = R"html(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>stallscan report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1f2937;background:#f8fafc}
header{background:#0f172a;color:#f8fafc;padding:14px 24px}
header h1{margin:0;font-size:20px} main{padding:16px 24px;display:grid;gap:16px}
section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:14px 18px}
h2{font-size:16px;margin:0 0 10px} .verdict{font-size:22px;font-weight:600;text-transform:capitalize}
.v-asynchronous{color:#047857}.v-synchronous{color:#b45309}.v-hybrid{color:#7c3aed}.v-unknown{color:#64748b}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:16px}
table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e2e8f0;vertical-align:top}
th{cursor:pointer;user-select:none;background:#f1f5f9} tr.finding{cursor:pointer} tr.finding:hover{background:#eff6ff}
tr.selected{background:#dbeafe} .sev-error{color:#b91c1c;font-weight:600} code,pre{font-family:ui-monospace,monospace;font-size:12px}
.step{border:1px solid #cbd5e1;border-radius:6px;padding:6px 10px;margin:0 0 4px;background:#f8fafc}
.step.root{border-color:#2563eb;background:#eff6ff}.step.site{border-color:#dc2626;background:#fef2f2}
.arrow{color:#64748b;margin:0 0 4px 18px} pre{margin:4px 0 0;padding:6px;background:#0f172a;color:#e2e8f0;border-radius:4px;overflow:auto}
pre .hl{background:#7f1d1d;display:block} #error{display:none;background:#fee2e2;color:#991b1b;padding:8px 24px}
</style></head>
<body data-errors="0" data-rendered="0">
<div id="error"></div>
<header><h1>stallscan report</h1><div id="subtitle"></div></header>
<main>
<section id="verdict-panel"><h2>Architecture</h2><div id="verdict"></div></section>
<section><h2>Findings by check, category and component</h2><div class="charts" id="charts"></div></section>
<section><h2>Findings</h2><table id="findings"><thead><tr>
<th data-key="check">Check</th><th data-key="severity">Severity</th><th data-key="where">Location</th>
<th data-key="message">Message</th><th data-key="function">Function</th></tr></thead><tbody></tbody></table></section>
<section id="path-panel"><h2>Path</h2><div id="path">Select a finding to see how the event loop or the lock reaches it.</div></section>
</main>
<script type="application/json" id="report">@DATA@</script>
<script>
'use strict';
window.addEventListener('error', function (e) {
  document.body.dataset.errors = String(Number(document.body.dataset.errors) + 1);
  var box = document.getElementById('error');
  box.style.display = 'block';
  box.textContent = 'Script error: ' + e.message;
});
var R = JSON.parse(document.getElementById('report').textContent);
function el(tag, attrs, text) {
  var n = document.createElement(tag);
  for (var k in (attrs || {})) n.setAttribute(k, attrs[k]);
  if (text !== undefined) n.textContent = text;
  return n;
}
function svg(tag, attrs) {
  var n = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (var k in attrs) n.setAttribute(k, attrs[k]);
  return n;
}
function where(f) { return f.file + ':' + f.line + ':' + f.column; }
function componentOf(f) {
  var cs = R.architecture.components || [];
  for (var i = 0; i < cs.length; i++)
    if (f.file === cs[i].path || f.file.indexOf(cs[i].path + '/') === 0) return cs[i].name;
  var slash = f.file.indexOf('/');
  return slash > 0 ? f.file.slice(0, slash) : '.';
}
function renderVerdict() {
  var a = R.architecture, box = document.getElementById('verdict');
  box.appendChild(el('div', {'class': 'verdict v-' + a.verdict, id: 'verdict-value'}, a.verdict));
  box.appendChild(el('p', {}, a.reason));
  if (a.entry_points)
    box.appendChild(el('p', {}, a.non_blocking_entry_points + ' of ' + a.entry_points +
                    ' event-loop entry points never block.'));
  var ul = el('ul');
  a.evidence.forEach(function (e) {
    ul.appendChild(el('li', {}, e.message + (e.file ? ' (' + e.file + ':' + e.line + ')' : '')));
  });
  box.appendChild(ul);
  if ((a.components || []).length) {
    var t = el('table', {id: 'components'});
    t.appendChild(el('tr')).append(el('th', {}, 'Component'), el('th', {}, 'Verdict'), el('th', {}, 'Entry points that never block'));
    a.components.forEach(function (c) {
      var tr = el('tr');
      tr.append(el('td', {}, c.name), el('td', {'class': 'v-' + c.verdict}, c.verdict),
                el('td', {}, c.entry_points ? c.non_blocking_entry_points + ' of ' + c.entry_points : '-'));
      t.appendChild(tr);
    });
    box.appendChild(t);
  }
  document.getElementById('subtitle').textContent =
    R.findings.length + ' findings, ' + R.stats.translation_units + ' translation units, stallscan ' + R.tool.version;
}
function barChart(title, counts) {
  var keys = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); });
  var max = Math.max.apply(null, keys.map(function (k) { return counts[k]; }).concat([1]));
  var h = 22 * keys.length + 30, s = svg('svg', {width: '100%', height: h, viewBox: '0 0 320 ' + h, 'class': 'chart', 'data-title': title});
  var t = svg('text', {x: 0, y: 14, 'font-weight': 'bold', 'font-size': 13}); t.textContent = title; s.appendChild(t);
  keys.forEach(function (k, i) {
    var y = 24 + i * 22, w = Math.max(2, 150 * counts[k] / max);
    s.appendChild(svg('rect', {x: 150, y: y, width: w, height: 16, fill: '#3b82f6', 'class': 'bar', 'data-label': k, 'data-value': counts[k]}));
    var l = svg('text', {x: 0, y: y + 12, 'font-size': 11}); l.textContent = k.replace('stallscan-', '').slice(0, 24); s.appendChild(l);
    var v = svg('text', {x: 154 + w, y: y + 12, 'font-size': 11}); v.textContent = counts[k]; s.appendChild(v);
  });
  return s;
}
function renderCharts() {
  var by = {check: {}, category: {}, component: {}};
  R.findings.forEach(function (f) {
    if (f.suppressed) return;
    by.check[f.check] = (by.check[f.check] || 0) + 1;
    by.category[f.category] = (by.category[f.category] || 0) + 1;
    var c = componentOf(f); by.component[c] = (by.component[c] || 0) + 1;
  });
  var box = document.getElementById('charts');
  box.appendChild(barChart('By check', by.check));
  box.appendChild(barChart('By category', by.category));
  box.appendChild(barChart('By component', by.component));
}
var sortKey = 'where', sortUp = true;
function renderTable() {
  var body = document.querySelector('#findings tbody');
  body.textContent = '';
  var rows = R.findings.map(function (f, i) { return {f: f, i: i}; });
  rows.sort(function (a, b) {
    var x = sortKey === 'where' ? [a.f.file, a.f.line] : [a.f[sortKey], a.f.line];
    var y = sortKey === 'where' ? [b.f.file, b.f.line] : [b.f[sortKey], b.f.line];
    var c = x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1];
    return sortUp ? c : -c;
  });
  rows.forEach(function (r) {
    var f = r.f, tr = el('tr', {'class': 'finding', id: 'row-' + r.i, 'data-index': r.i});
    tr.append(el('td', {}, f.check.replace('stallscan-', '')),
              el('td', {'class': 'sev-' + f.severity}, f.suppressed ? f.severity + ' (suppressed)' : f.severity),
              el('td', {}, where(f)), el('td', {}, f.message), el('td', {}, f.function || ''));
    tr.addEventListener('click', function () { location.hash = 'finding-' + r.i; });
    body.appendChild(tr);
  });
}
function snippet(file, line) {
  var s = (R.snippets || {})[file + ':' + line];
  if (!s) return null;
  var pre = el('pre');
  s.lines.forEach(function (text, k) {
    var n = s.start + k, span = el('span', n === line ? {'class': 'hl'} : {}, String(n).padStart(5) + ' | ' + text);
    pre.appendChild(span);
    if (n !== line) pre.appendChild(document.createTextNode('\n'));
  });
  return pre;
}
function openFinding(i) {
  var f = R.findings[i];
  if (!f) return;
  document.querySelectorAll('tr.selected').forEach(function (r) { r.classList.remove('selected'); });
  var row = document.getElementById('row-' + i);
  if (row) row.classList.add('selected');
  var box = document.getElementById('path');
  box.textContent = '';
  box.dataset.finding = String(i);
  var steps = f.trace.concat([{file: f.file, line: f.line, column: f.column, message: f.message, site: true}]);
  steps.forEach(function (s, k) {
    if (k) box.appendChild(el('div', {'class': 'arrow'}, '\u2193'));
    var d = el('div', {'class': 'step' + (k === 0 ? ' root' : '') + (s.site ? ' site' : '')});
    d.appendChild(el('div', {}, s.message));
    d.appendChild(el('code', {}, where(s)));
    var pre = snippet(s.file, s.line);
    if (pre) d.appendChild(pre);
    box.appendChild(d);
  });
}
document.querySelectorAll('#findings th').forEach(function (th) {
  th.addEventListener('click', function () {
    var k = th.dataset.key;
    sortUp = sortKey === k ? !sortUp : true;
    sortKey = k;
    renderTable();
  });
});
window.addEventListener('hashchange', function () {
  var m = /^#finding-(\d+)$/.exec(location.hash);
  if (m) openFinding(Number(m[1]));
});
renderVerdict();
renderCharts();
renderTable();
var m0 = /^#finding-(\d+)$/.exec(location.hash);
if (m0) openFinding(Number(m0[1]));
document.body.dataset.rendered = '1';
</script>
</body></html>
)html";

void writeHtml(const Report &R, llvm::raw_ostream &OS) {
  nlohmann::json Doc = reportJson(R);
  // Source around every finding and every step of its path.
  SourceLines Lines;
  nlohmann::json Snippets = nlohmann::json::object();
  auto Add = [&](const Loc &L) {
    std::string Key = R.displayPath(L.File) + ":" + std::to_string(L.Line);
    if (Snippets.contains(Key))
      return;
    unsigned Start = L.Line > 2 ? L.Line - 2 : 1;
    nlohmann::json Text = nlohmann::json::array();
    for (unsigned N = Start; N <= L.Line + 2; ++N) {
      std::string S = Lines.line(L.File, N);
      if (S.empty() && N > L.Line)
        break;
      Text.push_back(S);
    }
    Snippets[Key] = {{"start", Start}, {"lines", Text}};
  };
  for (const Finding &F : R.Findings) {
    Add(F.Where);
    for (const Note &N : F.Trace)
      Add(N.Where);
  }
  Doc["snippets"] = std::move(Snippets);
  // Inside <script>, "</" would end the element: escape it.
  std::string Data = Doc.dump(-1, ' ', /*ensure_ascii=*/false,
                              nlohmann::json::error_handler_t::replace);
  std::string Safe;
  Safe.reserve(Data.size());
  for (size_t I = 0; I < Data.size(); ++I) {
    if (Data[I] == '<' && I + 1 < Data.size() && Data[I + 1] == '/') {
      Safe += "<\\/";
      ++I;
      continue;
    }
    Safe += Data[I];
  }
  std::string Out = Page;
  size_t At = Out.find("@DATA@");
  Out.replace(At, 6, Safe);
  OS << Out;
}

} // namespace stallscan
