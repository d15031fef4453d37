// Drives the dashboard as a user would: types in the filter box, picks a
// check, a severity and a file, clicks a row and a step of its path. Writes
// what it saw on <body data-test>, one "name=value" per action.
(function () {
  var out = [];
  function shown() { return document.querySelectorAll('#findings tbody tr:not([hidden])').length; }
  function inView(id) {
    var r = document.getElementById(id).getBoundingClientRect();
    return r.top >= -1 && r.top < innerHeight ? 'in-view' : 'out-of-view';
  }
  function set(id, value, event) {
    var e = document.getElementById(id);
    e.value = value;
    e.dispatchEvent(new Event(event));
  }
  out.push('all=' + shown());
  set('filter', 'usleep', 'input');
  out.push('text-usleep=' + shown());
  set('filter', 'USLEEP epoll_reactor', 'input');
  out.push('two-words=' + shown());
  set('filter', '#4', 'input');
  out.push('number=' + shown());
  set('filter', '', 'input');
  set('filter-check', 'stallscan-serialised-hot-path', 'change');
  out.push('check=' + shown());
  set('filter-check', '', 'change');
  set('filter-severity', 'warning', 'change');
  out.push('severity=' + shown());
  set('filter-severity', '', 'change');
  set('filter-file', 'testdata/thread_per_conn/stats.cpp', 'change');
  out.push('file=' + shown());
  out.push('counter=' + document.getElementById('shown').textContent);
  set('filter-file', '', 'change');
  out.push('path-before-click=' + inView('path-panel'));
  document.getElementById('row-4').click();
  out.push('clicked=' + document.getElementById('path').dataset.finding + ' hash=' + location.hash +
           ' path-after-click=' + inView('path-panel'));
  var src = document.getElementById('source');
  out.push('source=' + src.dataset.file + ':' + src.dataset.line);
  document.getElementById('step-0').click();
  out.push('step-0-source=' + src.dataset.file + ':' + src.dataset.line +
           ' highlighted=' + src.querySelectorAll('.hl').length + ' marked=' + src.querySelectorAll('.mark').length);
  document.body.dataset.test = out.join(' | ');
})();
