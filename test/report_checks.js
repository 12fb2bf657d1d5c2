(function () {
  var root = document.documentElement;
  function parse(c) {
    var m = /rgba?\(([^)]*)\)/.exec(c || '');
    if (!m) return null;
    var p = m[1].split(/[\s,\/]+/).filter(function (x) { return x !== ''; }).map(parseFloat);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function over(top, bottom) {
    var a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  }
  function lum(c) {
    var v = [c[0], c[1], c[2]].map(function (x) {
      x /= 255;
      return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  function ratio(a, b) {
    var x = lum(a), y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  // The background an element's text sits on: the HTML ancestors'
  // background colours, composited (white canvas below).
  function htmlBackground(el) {
    var layers = [], e, c;
    for (e = el; e && e.nodeType === 1; e = e.parentElement) {
      if (e instanceof SVGElement && e.tagName.toLowerCase() !== 'svg') continue;
      c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    var bg = [255, 255, 255, 1];
    for (var i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  }
  // SVG text: the filled shape under the middle of the text, if any, on the
  // HTML background of the drawing.
  function svgBackground(el) {
    var svg = el.ownerSVGElement, base = htmlBackground(svg);
    var r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    var stack = document.elementsFromPoint(x, y);
    for (var i = 0; i < stack.length; i++) {
      var s = stack[i], tag = s.tagName.toLowerCase();
      if (s === el || el.contains(s)) continue;
      if (!(s instanceof SVGElement) || tag === 'svg') break;
      if (['rect', 'circle', 'polygon', 'path', 'ellipse'].indexOf(tag) < 0) continue;
      var st = getComputedStyle(s), fill = parse(st.fill);
      if (!fill) continue;
      fill[3] *= parseFloat(st.fillOpacity) * parseFloat(st.opacity);
      if (fill[3] > 0) return over(fill, base);
    }
    return base;
  }
  var details = document.querySelectorAll('details');
  for (var d = 0; d < details.length; d++) details[d].open = true;
  var all = document.body.querySelectorAll('*'), checked = 0, failures = [], minimum = 99;
  for (var k = 0; k < all.length; k++) {
    var el = all[k], tag = el.tagName.toLowerCase();
    if (['script', 'style', 'title', 'noscript'].indexOf(tag) >= 0 || el.closest('title')) continue;
    var own = '';
    for (var n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 3) own += n.nodeValue;
    if (!own.trim()) continue;
    var rect = el.getBoundingClientRect(), st = getComputedStyle(el);
    if (rect.width === 0 || rect.height === 0 || st.visibility === 'hidden' || st.display === 'none') continue;
    var isSvg = el instanceof SVGElement;
    if (rect.bottom < 0 || rect.top > window.innerHeight) { el.scrollIntoView({block: 'center'}); }
    var fg = parse(isSvg ? st.fill : st.color);
    if (!fg) { failures.push(tag + ' "' + own.trim().slice(0, 30) + '": no colour'); continue; }
    fg[3] *= parseFloat(st.opacity) * (isSvg ? parseFloat(st.fillOpacity) : 1);
    var bg = isSvg ? svgBackground(el) : htmlBackground(el);
    var c = ratio(over(fg, bg), bg);
    checked++;
    minimum = Math.min(minimum, c);
    if (c < 4.5) {
      failures.push(tag + (el.className && el.className.baseVal !== undefined ? '.' + el.className.baseVal : el.className ? '.' + el.className : '') +
        ' "' + own.trim().slice(0, 30) + '": ' + c.toFixed(2) + ' (' + fg.slice(0, 3).map(Math.round).join(',') +
        ' on ' + bg.slice(0, 3).map(Math.round).join(',') + ')');
    }
  }
  root.setAttribute('data-contrast', 'checked ' + checked + ', failing ' + failures.length + ', minimum ' + minimum.toFixed(2));
  root.setAttribute('data-contrast-failures', failures.slice(0, 25).join(' | '));

  // CSV links: every table has one, and its content is the table's text.
  function csvParse(s) {
    var rows = [], row = [], f = '', i = 0, q = false;
    while (i < s.length) {
      var ch = s[i];
      if (q) {
        if (ch === '"') { if (s[i + 1] === '"') { f += '"'; i++; } else q = false; }
        else f += ch;
      } else if (ch === '"') q = true;
      else if (ch === ',') { row.push(f); f = ''; }
      else if (ch === '\r' && s[i + 1] === '\n') { row.push(f); rows.push(row); row = []; f = ''; i++; }
      else f += ch;
      i++;
    }
    if (f !== '' || row.length) { row.push(f); rows.push(row); }
    return rows;
  }
  var tables = document.querySelectorAll('main table'), csvProblems = [], csvOk = 0;
  for (var t = 0; t < tables.length; t++) {
    var tb = tables[t], id = tb.id;
    var link = id ? document.querySelector('a.csv-link[data-table="' + id + '"]') : null;
    if (!link) { csvProblems.push('table ' + (id || t) + ': no CSV link'); continue; }
    var href = link.getAttribute('href') || '', pre = 'data:text/csv;charset=utf-8,';
    if (href.indexOf(pre) !== 0 || !/\.csv$/.test(link.getAttribute('download') || '')) {
      csvProblems.push('table ' + id + ': link is not a data: CSV download'); continue;
    }
    // the link sits below its table, not over its last row (a negative
    // margin once drew it across the row)
    var lr = tb.rows.length ? tb.rows[tb.rows.length - 1].getBoundingClientRect() : null;
    if (lr && link.getBoundingClientRect().top < lr.bottom - 0.5) {
      csvProblems.push('table ' + id + ': CSV link overlaps the last row'); continue;
    }
    var csv = csvParse(decodeURIComponent(href.slice(pre.length)));
    var want = [];
    for (var r = 0; r < tb.rows.length; r++) {
      var cells = [];
      for (var j = 0; j < tb.rows[r].cells.length; j++)
        cells.push(tb.rows[r].cells[j].textContent.replace(/\s+/g, ' ').trim());
      want.push(cells);
    }
    if (JSON.stringify(csv) !== JSON.stringify(want)) {
      csvProblems.push('table ' + id + ': CSV ' + JSON.stringify(csv).slice(0, 120) + ' vs table ' + JSON.stringify(want).slice(0, 120));
    } else csvOk++;
  }
  root.setAttribute('data-csv', 'tables ' + tables.length + ', matching ' + csvOk);
  root.setAttribute('data-csv-problems', csvProblems.slice(0, 10).join(' | '));
})();
