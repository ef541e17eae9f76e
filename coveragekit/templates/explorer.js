/* coveragekit report explorer: filters, chart data and the article and quote tables.
   Plain JavaScript, no library but Vega (inlined beside it). The data come from the JSON
   block #ck-data; every article-derived string is put into the page as text (textContent),
   never as HTML, and a link is made only for an http(s) URL. */
(function () {
  "use strict";
  var byId = function (id) { return document.getElementById(id); };
  var D = JSON.parse(byId("ck-data").textContent);
  var SPECS = JSON.parse(byId("ck-specs").textContent);
  var A = D.a, dims = D.dims, N = D.n_articles, NP = dims.period.length;
  var FILTERS = [["group", "g", "outlet group"], ["outlet", "o", "outlet"], ["lang", "l", "language"],
                 ["actor", null, "actor"], ["topic", "t", "topic"], ["frame", "f", "frame"]];
  var state = {group: -1, outlet: -1, lang: -1, actor: -1, topic: -1, frame: -1, period: null,
               q: "", sort: "date", desc: false, shown: 100, qshown: 50};
  var views = {};
  // the instrument column only when the analysis names its instruments (sentiment_instrument)
  var NAMED = dims.instrument.some(function (n) { return n !== ""; });
  var periodMs = dims.period.map(function (p) { return Date.parse(p + "T00:00:00Z"); });
  var endMs = dims.period_end.map(function (p) { return Date.parse(p + "T00:00:00Z"); });

  document.documentElement.classList.add("ck-js");

  function keep(i, withPeriod) {
    for (var k = 0; k < FILTERS.length; k++) {
      var f = FILTERS[k], v = state[f[0]];
      if (v < 0) continue;
      if (f[1] === null) { if (A.act[i].indexOf(v) < 0) return false; }
      else if (A[f[1]][i] !== v) return false;
    }
    if (withPeriod && state.period && (A.p[i] < state.period[0] || A.p[i] > state.period[1])) return false;
    return true;
  }
  function rows(withPeriod) {
    var out = [];
    for (var i = 0; i < N; i++) if (keep(i, withPeriod)) out.push(i);
    return out;
  }
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  // --- the chart tables (the same as coveragekit.explore's *_table functions) ------------
  function volume(rs) {
    var n = new Array(NP).fill(0);
    rs.forEach(function (i) { n[A.p[i]] += 1; });
    return dims.period.map(function (p, k) {
      var on = !state.period || (k >= state.period[0] && k <= state.period[1]);
      return {period: p, end: dims.period_end[k], n: n[k], on: on};
    });
  }
  function sentiment(rs) {
    var cells = {};
    rs.forEach(function (i) {
      var v = A.pol[i];
      if (v === null) return;
      var key = A.i[i] + "|" + A.g[i] + "|" + A.p[i];
      (cells[key] = cells[key] || []).push(v);
    });
    var out = Object.keys(cells).map(function (key) {
      var parts = key.split("|").map(Number), vs = cells[key], n = vs.length, sum = 0, ss = 0;
      vs.forEach(function (v) { sum += v; });
      var mean = sum / n, lo = null, hi = null;
      if (n >= 2) {
        vs.forEach(function (v) { ss += (v - mean) * (v - mean); });
        var half = D.t975[n - 2] * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
        lo = mean - half; hi = mean + half;
      }
      return {instrument: dims.instrument[parts[0]], group: dims.group[parts[1]], period: dims.period[parts[2]],
              mean: mean, lo: lo, hi: hi, n: n, few: n < D.min_n};
    });
    return out.sort(function (a, b) {
      return cmp(a.instrument, b.instrument) || cmp(a.group, b.group) || cmp(a.period, b.period);
    });
  }
  function stacked(rs, codes, names, field) {  // per period: n, share, y0, y1 of each value
    var by = {};
    rs.forEach(function (i) {
      var c = codes[i];
      if (c < 0) return;
      var p = A.p[i];
      (by[p] = by[p] || {})[c] = ((by[p] || {})[c] || 0) + 1;
    });
    var out = [];
    Object.keys(by).map(Number).sort(function (a, b) { return a - b; }).forEach(function (p) {
      var cs = Object.keys(by[p]).map(Number).sort(function (a, b) { return cmp(names[a], names[b]); });
      var total = 0, acc = 0;
      cs.forEach(function (c) { total += by[p][c]; });
      cs.forEach(function (c) {
        var r = {period: dims.period[p], end: dims.period_end[p], n: by[p][c], share: by[p][c] / total, y0: acc / total};
        acc += by[p][c];
        r.y1 = acc / total;
        r[field] = names[c];
        out.push(r);
      });
    });
    return out;
  }
  function actors(rs) {
    var totals = new Array(NP).fill(0), per = {}, count = {};
    rs.forEach(function (i) {
      totals[A.p[i]] += 1;
      A.act[i].forEach(function (a) {
        count[a] = (count[a] || 0) + 1;
        var key = a + "|" + A.p[i];
        per[key] = (per[key] || 0) + 1;
      });
    });
    var leaders = Object.keys(count).map(Number).sort(function (a, b) {
      return (count[b] - count[a]) || cmp(dims.actor[a], dims.actor[b]);
    }).slice(0, D.top_actors);
    var out = [];
    leaders.forEach(function (a, rank) {
      for (var p = 0; p < NP; p++) {
        var n = per[a + "|" + p];
        if (n) out.push({period: dims.period[p], end: dims.period_end[p], actor: dims.actor[a], rank: rank, n: n,
                         share: n / totals[p]});
      }
    });
    return out;
  }
  function frames(rs) {
    var by = {};
    rs.forEach(function (i) {
      if (A.f[i] < 0) return;
      var g = A.g[i];
      (by[g] = by[g] || {})[A.f[i]] = ((by[g] || {})[A.f[i]] || 0) + 1;
    });
    var out = [];
    Object.keys(by).map(Number).sort(function (a, b) { return cmp(dims.group[a], dims.group[b]); }).forEach(function (g) {
      var fs = Object.keys(by[g]).map(Number).sort(function (a, b) { return cmp(dims.frame[a], dims.frame[b]); });
      var total = 0, acc = 0;
      fs.forEach(function (f) { total += by[g][f]; });
      fs.forEach(function (f) {
        var r = {group: dims.group[g], frame: dims.frame[f], n: by[g][f], share: by[g][f] / total, x0: acc / total};
        acc += by[g][f];
        r.x1 = acc / total;
        out.push(r);
      });
    });
    return out;
  }
  function keyness() {
    if (state.group < 0) return D.keyness;
    var g = dims.group[state.group];
    return D.keyness.filter(function (r) { return r.group === g; });
  }

  // --- drawing --------------------------------------------------------------------------
  function setData(name, values) {
    var v = views[name];
    if (!v) return;
    v.data(name, values);
    v.runAsync();
  }
  var pending = false;
  function update() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; redraw(); });
  }
  function tables(rs, all) {
    return {volume: volume(all), sentiment: sentiment(rs), topics: stacked(rs, A.t, dims.topic, "topic"),
            actors: actors(rs), frames: frames(rs), keyness: keyness(), events: D.events};
  }
  function fill(spec, data) {  // the first values of every named data set, so no chart starts empty
    if (Array.isArray(spec)) { spec.forEach(function (s) { fill(s, data); }); return spec; }
    if (spec && typeof spec === "object") {
      Object.keys(spec).forEach(function (k) {
        var v = spec[k];
        if (k === "data" && v && v.name && data[v.name]) v.values = data[v.name];
        else fill(v, data);
      });
    }
    return spec;
  }
  function redraw() {
    var all = rows(false), rs = rows(true), t = tables(rs, all);
    ["volume", "sentiment", "topics", "actors", "frames", "keyness"].forEach(function (n) { setData(n, t[n]); });
    var vol = t.volume, sent = t.sentiment, inPeriod = 0;
    vol.forEach(function (r, k) { if (!state.period || (k >= state.period[0] && k <= state.period[1])) inPeriod += r.n; });
    var scored = 0;
    sent.forEach(function (r) { scored += r.n; });
    setText("ck-count", rs.length, rs.length + " of " + N + " articles match the filters");
    setText("ck-period-total", inPeriod, state.period
      ? inPeriod + " articles in " + periodName(state.period[0]) + " to " + periodName(state.period[1]) +
        " (drag the band to move it; click outside it to clear)"
      : inPeriod + " articles in all periods (drag across the bars to select a span)");
    setText("ck-sentiment-n", scored, "n = " + scored + " scored articles in the selection");
    renderArticles(rs);
    renderQuotes(rs);
    FILTERS.forEach(function (f) { var s = byId("ck-f-" + f[0]); if (s) s.value = String(state[f[0]]); });
    window.ckExplorer.data = {volume: vol, sentiment: sent};
  }
  function periodName(k) {  // "2025-09" for a month, the start date for a week or a day
    var p = dims.period[k];
    return p === undefined ? "no period" : (D.freq === "month" ? p.slice(0, 7) : p);
  }
  function setText(id, n, text) {
    var el = byId(id);
    if (!el) return;
    el.textContent = text;
    el.setAttribute("data-n", String(n));
  }

  // --- tables ---------------------------------------------------------------------------
  function link(url, text) {
    if (url && /^https?:\/\//i.test(url)) {
      var a = document.createElement("a");
      a.setAttribute("href", url);
      a.setAttribute("rel", "noopener noreferrer");
      a.textContent = text;
      return a;
    }
    return document.createTextNode(text);
  }
  function cell(tr, content, cls) {
    var td = document.createElement("td");
    if (cls) td.className = cls;
    if (content instanceof Node) td.appendChild(content); else td.textContent = content;
    tr.appendChild(td);
  }
  function actorNames(i) { return A.act[i].map(function (a) { return dims.actor[a]; }).join(", "); }
  function matches(i, q) {
    if (!q) return true;
    var hay = [A.title[i], dims.outlet[A.o[i]], actorNames(i), dims.topic[A.t[i]] || "", dims.frame[A.f[i]] || "", A.dup[i]];
    return hay.join(" \u0001 ").toLowerCase().indexOf(q) >= 0;
  }
  var SORT = {
    date: function (i) { return A.date[i]; }, title: function (i) { return A.title[i].toLowerCase(); },
    outlet: function (i) { return dims.outlet[A.o[i]]; }, lang: function (i) { return dims.lang[A.l[i]]; },
    polarity: function (i) { return A.pol[i] === null ? -Infinity : A.pol[i]; },
    instrument: function (i) { return dims.instrument[A.i[i]] || ""; },
    topic: function (i) { return dims.topic[A.t[i]] || ""; }, frame: function (i) { return dims.frame[A.f[i]] || ""; },
    actors: function (i) { return A.act[i].length; }, dup: function (i) { return A.dup[i]; }
  };
  function renderArticles(rs) {
    var body = byId("ck-articles-body");
    if (!body) return;
    var q = state.q.toLowerCase();
    var list = rs.filter(function (i) { return i < D.n_table && matches(i, q); });
    var key = SORT[state.sort];
    list.sort(function (a, b) { return cmp(key(a), key(b)) || (a - b); });
    if (state.desc) list.reverse();
    setText("ck-table-count", list.length, list.length + " articles" + (q ? " matching \u201c" + state.q + "\u201d" : "") +
            (list.length > state.shown ? " (the first " + state.shown + " shown)" : ""));
    body.textContent = "";
    list.slice(0, state.shown).forEach(function (i) {
      var tr = document.createElement("tr");
      cell(tr, A.date[i]);
      cell(tr, link(A.url[i], A.title[i]));
      cell(tr, dims.outlet[A.o[i]]);
      cell(tr, dims.lang[A.l[i]]);
      cell(tr, A.pol[i] === null ? "" : A.pol[i].toFixed(3), "num");
      if (NAMED) cell(tr, A.pol[i] === null ? "" : dims.instrument[A.i[i]]);
      cell(tr, dims.topic[A.t[i]] || "");
      cell(tr, dims.frame[A.f[i]] || "");
      var names = A.act[i].map(function (a) { return dims.actor[a]; });
      cell(tr, names.length > 4 ? names.slice(0, 4).join(", ") + " +" + (names.length - 4) + " more" : names.join(", "));
      if (names.length > 4) tr.lastChild.setAttribute("title", names.join(", "));
      cell(tr, A.dup[i]);
      body.appendChild(tr);
    });
    byId("ck-more").hidden = list.length <= state.shown;
  }
  function renderQuotes(rs) {
    var body = byId("ck-quotes-body");
    if (!body) return;
    var ok = new Uint8Array(N);
    rs.forEach(function (i) { ok[i] = 1; });
    var actor = state.actor >= 0 ? dims.actor[state.actor] : null, q = state.q.toLowerCase(), list = [];
    var Q = D.quotes;
    for (var k = 0; k < Q.a.length; k++) {
      var i = Q.a[k];
      if (!ok[i] || (actor !== null && Q.actor[k] !== actor)) continue;
      if (q && (Q.speaker[k] + " " + Q.actor[k] + " " + Q.quote[k] + " " + (A.title[i] || "")).toLowerCase().indexOf(q) < 0) continue;
      list.push(k);
    }
    setText("ck-quote-count", list.length, list.length + " quotes" + (list.length > state.qshown ? " (the first " + state.qshown + " shown)" : ""));
    body.textContent = "";
    list.slice(0, state.qshown).forEach(function (k) {
      var i = Q.a[k], tr = document.createElement("tr");
      cell(tr, Q.actor[k]);
      cell(tr, Q.speaker[k]);
      cell(tr, "\u201c" + Q.quote[k] + "\u201d", "quote");
      cell(tr, i < D.n_table ? link(A.url[i], dims.outlet[A.o[i]] + ", " + A.date[i] + ": " + A.title[i]) : dims.outlet[A.o[i]]);
      body.appendChild(tr);
    });
    byId("ck-qmore").hidden = list.length <= state.qshown;
  }

  // --- controls -------------------------------------------------------------------------
  function buildFilters() {
    if (!NAMED) {
      var th = document.querySelector("#ck-articles th[data-sort=instrument]");
      if (th) th.parentNode.removeChild(th);
    }
    var box = byId("ck-selects");
    FILTERS.forEach(function (f) {
      var names = dims[f[0]];
      if (!names || names.length < 2) return;
      var label = document.createElement("label"), sel = document.createElement("select");
      sel.id = "ck-f-" + f[0];
      var all = document.createElement("option");
      all.value = "-1"; all.textContent = "all";
      sel.appendChild(all);
      names.forEach(function (n, k) {
        var o = document.createElement("option");
        o.value = String(k); o.textContent = n;
        sel.appendChild(o);
      });
      sel.addEventListener("change", function () { state[f[0]] = Number(sel.value); state.shown = 100; update(); });
      label.appendChild(document.createTextNode(f[2] + " "));
      label.appendChild(sel);
      box.appendChild(label);
    });
    byId("ck-reset").addEventListener("click", function () {
      FILTERS.forEach(function (f) { state[f[0]] = -1; });
      state.q = ""; byId("ck-search").value = "";
      clearBrush();
      update();
    });
    byId("ck-search").addEventListener("input", function (e) { state.q = e.target.value.trim(); state.shown = 100; update(); });
    byId("ck-more").addEventListener("click", function () { state.shown += 100; update(); });
    byId("ck-qmore").addEventListener("click", function () { state.qshown += 50; update(); });
    Array.prototype.forEach.call(document.querySelectorAll("#ck-articles th[data-sort]"), function (th) {
      th.addEventListener("click", function () {
        var k = th.getAttribute("data-sort");
        state.desc = state.sort === k ? !state.desc : false;
        state.sort = k;
        update();
      });
    });
  }
  function clearBrush() {
    state.period = null;
    var v = views.volume;
    if (v) { try { v.data("brush_store", []); v.runAsync(); } catch (e) { /* no brush drawn yet */ } }
  }
  function onBrush(name, value) {
    var keys = value ? Object.keys(value) : [];
    if (!keys.length) { state.period = null; update(); return; }
    var ext = value[keys[0]], lo = +ext[0], hi = +ext[1], first = -1, last = -1;
    if (lo > hi) { var t = lo; lo = hi; hi = t; }
    periodMs.forEach(function (ms, k) {  // a period is selected when the middle of its bar is in the band
      var mid = (ms + endMs[k]) / 2;
      if (mid >= lo && mid <= hi) { if (first < 0) first = k; last = k; }
    });
    state.period = first < 0 ? [1, 0] : [first, last];  // [1, 0]: a band too narrow to hold a bar's middle
    update();
  }
  var CLICK = {
    sentiment: function (d) { if (d.group !== undefined) state.group = dims.group.indexOf(d.group); },
    topics: function (d) { if (d.topic !== undefined) state.topic = dims.topic.indexOf(d.topic); },
    actors: function (d) { if (d.actor !== undefined) state.actor = dims.actor.indexOf(d.actor); },
    frames: function (d) {
      if (d.group !== undefined) state.group = dims.group.indexOf(d.group);
      if (d.frame !== undefined) state.frame = dims.frame.indexOf(d.frame);
    }
  };

  window.ckExplorer = {state: state, views: views, data: {}, ready: false, update: update};
  buildFilters();
  // Vega's warnings (an empty scale when the filters leave a chart no data) stay off the console.
  var opts = {renderer: "svg", logLevel: 1,  // vega.Error
              actions: {export: true, source: false, compiled: false, editor: false}};
  var names = Object.keys(SPECS), first = tables(rows(true), rows(false));
  Promise.all(names.map(function (name) {
    var el = byId("ck-chart-" + name);
    if (!el) return null;
    return window.vegaEmbed(el, fill(SPECS[name], first), opts).then(function (res) {
      views[name] = res.view;
      var pair = el.closest(".ck-pair");
      if (pair) pair.classList.add("ck-on");
      if (name === "volume") res.view.addSignalListener("brush", onBrush);
      if (CLICK[name]) {
        res.view.addEventListener("click", function (ev, item) {
          if (item && item.datum) { CLICK[name](item.datum); state.shown = 100; update(); }
        });
      }
    });
  })).then(function () {
    redraw();
    return Promise.all(names.map(function (n) { return views[n] ? views[n].runAsync() : null; }));
  }).then(function () { window.ckExplorer.ready = true; document.documentElement.setAttribute("data-ck-ready", "1"); });
})();
