/* cmbook default theme: progressive enhancements for every page (no framework, no network
   request but search_index.json on first use of the search box).
   - theme toggle (light/dark, saved in localStorage "cmbook-theme"; the <head> script applies it
     before the first paint);
   - menu button on narrow screens;
   - search combobox over search_index.json;
   - checklist progress on the career ladder and checklist cards (read from localStorage);
   - table of contents: collapsed on narrow screens, current section highlighted. */
(function () {
  "use strict";
  var root = document.documentElement;
  var basePath = root.getAttribute("data-base-path") || "/";

  function store(op, key, value) {
    try {
      if (op === "get") return window.localStorage.getItem(key);
      if (op === "set") window.localStorage.setItem(key, value);
      if (op === "del") window.localStorage.removeItem(key);
    } catch (e) { /* storage disabled: features degrade to this visit only */ }
    return null;
  }

  /* Interface strings from the page (#ui-strings, written by base.html), French by default. */
  var UI = {};
  try { UI = JSON.parse(document.getElementById("ui-strings").textContent) || {}; } catch (e) { /* French */ }
  function t(key, french, values) {
    var text = typeof UI[key] === "string" ? UI[key] : french;
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(values[k])); });
    return text;
  }

  /* ---------- theme ---------- */
  var darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function effectiveTheme() {
    var set = root.getAttribute("data-theme");
    if (set === "dark" || set === "light") return set;
    return darkQuery && darkQuery.matches ? "dark" : "light";
  }
  function syncToggles() {
    var dark = effectiveTheme() === "dark";
    document.querySelectorAll(".theme-toggle").forEach(function (b) {
      b.setAttribute("aria-pressed", dark ? "true" : "false");
    });
  }
  document.querySelectorAll(".theme-toggle").forEach(function (b) {
    b.addEventListener("click", function () {
      var next = effectiveTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      store("set", "cmbook-theme", next);
      syncToggles();
    });
  });
  if (darkQuery && darkQuery.addEventListener) darkQuery.addEventListener("change", syncToggles);
  syncToggles();

  /* ---------- menu (narrow screens) ---------- */
  var menuButton = document.querySelector(".menu-toggle");
  var nav = document.getElementById("site-nav");
  if (menuButton && nav) {
    menuButton.addEventListener("click", function () {
      var open = menuButton.getAttribute("aria-expanded") !== "true";
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
      root.classList.toggle("nav-open", open);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && root.classList.contains("nav-open")) {
        root.classList.remove("nav-open");
        menuButton.setAttribute("aria-expanded", "false");
        menuButton.focus();
      }
    });
  }

  /* ---------- search ---------- */
  var KINDS = { article: "Article", checklist: "Checklist", case_study: "Étude de cas" };
  var indexPromise = null;

  function fold(text) {
    return String(text).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss");
  }
  /* The engine leaves these out of the index (src/render/search.rs): a query must too, or "de"
     would match every stem starting with "de". */
  var STOP = new Set(("au aux avec ce ces cet cette dans de des du elle elles en est et eux il ils je la le les leur " +
    "leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sont sur ta te " +
    "tes toi ton tu un une vos votre vous plus comme fait faire etre avoir aussi tout tous toute toutes sans entre dont " +
    "ont peut bien the and of to").split(" "));
  function queryWords(text) {
    var words = fold(text).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length >= 2; });
    var kept = words.filter(function (w) { return !STOP.has(w); });
    return kept.length ? kept : words;
  }
  function loadIndex(url) {
    if (!indexPromise) {
      indexPromise = fetch(url, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (data) {
          if (Array.isArray(data)) { // older engines: a flat list of documents with their text
            return { docs: data, stems: null, folded: data.map(function (d) {
              return { title: fold(d.title), body: fold((d.description || "") + " " + (d.text || "")) };
            }) };
          }
          return { docs: data.docs || [], stems: data.stems || {}, keys: Object.keys(data.stems || {}) };
        })
        .catch(function (e) { indexPromise = null; throw e; });
    }
    return indexPromise;
  }
  /* Ranks documents: each query word must match; a stem s matches word q when
     (s.length >= 3 && q starts with s) || s starts with q; score = sum of weights. */
  function rank(index, words) {
    var total = null;
    words.forEach(function (q) {
      var scores = new Map();
      if (index.stems) {
        index.keys.forEach(function (s) {
          if ((s.length >= 3 && q.indexOf(s) === 0) || s.indexOf(q) === 0) {
            index.stems[s].forEach(function (pair) {
              scores.set(pair[0], (scores.get(pair[0]) || 0) + pair[1]);
            });
          }
        });
      } else {
        index.folded.forEach(function (d, i) {
          var w = (d.title.indexOf(q) >= 0 ? 10 : 0) + (d.body.indexOf(q) >= 0 ? 1 : 0);
          if (w) scores.set(i, w);
        });
      }
      if (total === null) { total = scores; return; }
      var next = new Map();
      total.forEach(function (v, d) { if (scores.has(d)) next.set(d, v + scores.get(d)); });
      total = next;
    });
    var out = [];
    if (total) total.forEach(function (score, d) { if (index.docs[d]) out.push({ doc: index.docs[d], score: score }); });
    out.sort(function (a, b) { return b.score - a.score || a.doc.title.localeCompare(b.doc.title, "fr"); });
    return out;
  }

  function initSearch(box) {
    var input = box.querySelector(".search-input");
    var form = box.querySelector("form");
    var panel = box.querySelector(".search-panel");
    var list = box.querySelector(".search-results");
    var empty = box.querySelector(".search-empty");
    var status = box.querySelector(".search-status");
    var url = box.getAttribute("data-index");
    var results = [];
    var active = -1;
    var seq = 0;

    function open(show) {
      panel.hidden = !show;
      input.setAttribute("aria-expanded", show && results.length ? "true" : "false");
    }
    function setActive(i) {
      var items = list.children;
      if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
      active = i;
      if (i >= 0 && items[i]) {
        items[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[i].id);
        items[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function go(i) {
      if (results[i]) window.location.href = results[i].doc.url;
    }
    function render(query) {
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = input.id + "-opt-" + i;
        li.className = "search-result";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var title = document.createElement("span");
        title.className = "result-title";
        title.textContent = r.doc.title;
        var meta = document.createElement("span");
        meta.className = "result-meta";
        meta.textContent = [KINDS[r.doc.kind] || "", r.doc.section || ""].filter(Boolean).join(" · ");
        li.appendChild(title);
        li.appendChild(meta);
        if (r.doc.description) {
          var desc = document.createElement("span");
          desc.className = "result-desc";
          desc.textContent = r.doc.description;
          li.appendChild(desc);
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { go(i); });
        list.appendChild(li);
      });
      list.hidden = !results.length;
      empty.hidden = !!results.length;
      empty.textContent = results.length ? "" : "Aucun résultat pour « " + query + " ».";
      status.textContent = results.length
        ? results.length + (results.length > 1 ? " résultats" : " résultat") + " ; flèches pour parcourir, Entrée pour ouvrir."
        : "Aucun résultat.";
      open(true);
    }
    function update() {
      var query = input.value.trim();
      var words = queryWords(query);
      var mine = ++seq;
      if (!words.length) { results = []; list.textContent = ""; status.textContent = ""; open(false); return; }
      loadIndex(url).then(function (index) {
        if (mine !== seq) return;
        results = rank(index, words).slice(0, 8);
        render(query);
      }, function () {
        if (mine !== seq) return;
        results = [];
        list.textContent = "";
        list.hidden = true;
        empty.hidden = false;
        empty.textContent = "La recherche est indisponible pour le moment.";
        open(true);
      });
    }

    input.addEventListener("focus", function () {
      loadIndex(url).catch(function () {});
      if (input.value.trim() && results.length) open(true);
    }, { passive: true });
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!results.length) return;
        e.preventDefault();
        if (panel.hidden) open(true);
        var next = e.key === "ArrowDown" ? active + 1 : active - 1;
        if (next >= results.length) next = 0;
        if (next < 0) next = results.length - 1;
        setActive(next);
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (results.length) go(active >= 0 ? active : 0);
      } else if (e.key === "Escape") {
        if (!panel.hidden) { e.preventDefault(); e.stopPropagation(); open(false); setActive(-1); }
        else if (input.value) { e.preventDefault(); input.value = ""; update(); }
      }
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    box.addEventListener("focusout", function (e) {
      if (!box.contains(e.relatedTarget)) open(false);
    });
  }
  var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-search]"));
  boxes.forEach(initSearch);
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var visible = boxes.filter(function (b) { return b.querySelector(".search-input").offsetParent !== null; });
    var box = visible.filter(function (b) { return b.hasAttribute("data-primary"); })[0] || visible[0];
    if (!box) return;
    e.preventDefault();
    var input = box.querySelector(".search-input");
    input.focus();
    input.select();
  });

  /* ---------- checklist progress (ladder, cards) ---------- */
  // Same key scheme as checklist.js: "cmbook:checklist:<page path>:<item id>" → fait | en-cours | ignore,
  // where <page path> is the page URL without the site's base path ("competences/junior/").
  function pagePath(url) {
    var a = document.createElement("a");
    a.href = url;
    var p = a.pathname;
    return p.indexOf(basePath) === 0 ? p.slice(basePath.length) : p.replace(/^\//, "");
  }
  function savedCounts(path) {
    var prefix = "cmbook:checklist:" + path + ":";
    var c = { fait: 0, "en-cours": 0, ignore: 0 };
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var k = window.localStorage.key(i);
        if (k && k.indexOf(prefix) === 0) {
          var v = window.localStorage.getItem(k);
          if (c.hasOwnProperty(v)) c[v]++;
        }
      }
    } catch (e) { /* no storage */ }
    return c;
  }
  document.querySelectorAll("[data-checklist-url]").forEach(function (el) {
    var total = parseInt(el.getAttribute("data-total"), 10) || 0;
    // In another language, progress is kept under the default language's page (same item ids).
    var store = el.getAttribute("data-checklist-store");
    var c = savedCounts(store || pagePath(el.getAttribute("data-checklist-url")));
    var started = c.fait + c["en-cours"] + c.ignore > 0;
    var counted = Math.max(total - c.ignore, 0);
    var done = Math.min(c.fait, counted);
    var pct = counted ? Math.round((100 * done) / counted) : 0;
    var text = el.querySelector(".step-progress-text");
    var bar = el.querySelector(".meter-done");
    if (!started) {
      if (el.hasAttribute("data-always")) {
        el.hidden = false;
        if (text) text.textContent = t("js_not_started", "Pas commencée");
      }
      return;
    }
    el.hidden = false;
    el.classList.add("is-started");
    if (bar) bar.style.width = pct + "%";
    if (text) text.textContent = t("js_percent_done", "{n} % fait ({done}/{total})", { n: pct, done: done, total: counted });
    el.setAttribute("title", t("js_progress_title", "Votre progression dans cette checklist, enregistrée dans ce navigateur"));
  });

  /* ---------- glossary tooltips: Escape hides the one shown (WCAG 1.4.13) ---------- */
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    document.querySelectorAll(".gloss:hover, .gloss:focus-within").forEach(function (g) { g.classList.add("is-dismissed"); });
  });
  document.querySelectorAll(".gloss").forEach(function (g) {
    var reset = function () { g.classList.remove("is-dismissed"); };
    g.addEventListener("mouseleave", reset);
    g.addEventListener("focusout", reset);
  });

  /* ---------- glossary filter ---------- */
  var glossary = document.querySelector(".glossary .content");
  var glossaryFilter = document.querySelector(".glossary-filter");
  if (glossary && glossaryFilter) {
    var entries = [];
    var letter = null;
    Array.prototype.slice.call(glossary.children).forEach(function (el) {
      if (el.nodeName === "H2") { letter = { heading: el, terms: [] }; return; }
      if (el.nodeName !== "H3") return;
      var wrap = document.createElement("div");
      wrap.className = "glossary-term";
      el.parentNode.insertBefore(wrap, el);
      var node = el;
      while (node && !(node !== el && /^H[23]$/.test(node.nodeName))) {
        var next = node.nextSibling;
        wrap.appendChild(node);
        node = next;
      }
      // The pages listed under a term are not its text: a filter finds terms by their words.
      var own = Array.prototype.filter.call(wrap.children, function (c) { return !c.classList.contains("glossary-meta"); });
      var words = own.map(function (c) { return c.textContent; }).join(" ");
      var entry = { el: wrap, text: fold(words), title: fold(el.textContent), letter: letter };
      entries.push(entry);
      if (letter) letter.terms.push(entry);
    });
    var letters = [];
    entries.forEach(function (e) { if (e.letter && letters.indexOf(e.letter) < 0) letters.push(e.letter); });
    var filterInput = glossaryFilter.querySelector("input");
    var countEl = glossaryFilter.querySelector(".glossary-count");
    glossaryFilter.hidden = false;
    filterInput.addEventListener("input", function () {
      var q = fold(filterInput.value.trim());
      var shown = 0;
      entries.forEach(function (e) {
        var hit = !q || e.title.indexOf(q) >= 0 || e.text.indexOf(q) >= 0;
        e.el.hidden = !hit;
        e.hit = hit;
        if (hit) shown++;
      });
      letters.forEach(function (l) {
        var any = l.terms.some(function (e) { return e.hit; });
        l.heading.hidden = !any;
        document.querySelectorAll('.letter-index a[href="#' + l.heading.id + '"]').forEach(function (a) {
          a.classList.toggle("is-empty", !any);
        });
      });
      countEl.textContent = !q ? "" : shown > 1 ? t("js_terms_found_many", "{n} termes trouvés sur {total}.", { n: shown, total: entries.length })
        : t("js_terms_found_one", "{n} terme trouvé sur {total}.", { n: shown, total: entries.length });
    });
  }

  /* ---------- wide tables and code: scrollable, so reachable with the keyboard ---------- */
  document.querySelectorAll(".content table, .content pre").forEach(function (el) {
    if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
  });

  /* ---------- table of contents ---------- */
  var toc = document.querySelector(".toc details");
  if (toc && window.matchMedia && window.matchMedia("(max-width: 63.99rem)").matches) toc.open = false;
  var tocLinks = document.querySelectorAll(".toc a[href^='#']");
  if (tocLinks.length && "IntersectionObserver" in window) {
    var byId = {};
    tocLinks.forEach(function (a) { byId[decodeURIComponent(a.getAttribute("href").slice(1))] = a; });
    var current = null;
    var seen = new Map();
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (en) { seen.set(en.target.id, en.isIntersecting ? en.boundingClientRect.top : null); });
      var best = null;
      seen.forEach(function (top, id) { if (top !== null && (best === null || top < seen.get(best))) best = id; });
      if (best && byId[best] !== current) {
        if (current) current.classList.remove("is-current");
        current = byId[best];
        current.classList.add("is-current");
      }
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) {
      var h = document.getElementById(id);
      if (h) observer.observe(h);
    });
  }
})();
