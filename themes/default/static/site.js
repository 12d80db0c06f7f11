/* cmbook default theme: progressive enhancements for every page (no framework, no network
   request but the search index, pagefind/, on first use of the search box).
   - theme toggle (light/dark, saved in localStorage "cmbook-theme"; the <head> script applies it
     before the first paint);
   - menu button on narrow screens;
   - search combobox over the Pagefind index (src/search/), with a kind filter and typo fixes;
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
  /* Pagefind (index made by src/search/ under pagefind/): its JS API loads the chunks a query
     needs, stems the query like the index (from <html lang>) and gives excerpts with <mark> and
     sub-results per heading. Typos: when no highlighted word of the answer comes near a query
     word, the site's words of that length (±1) are fetched (cmbook-words.<lang>.<len>.json); a
     word the site does not use is replaced with its most widespread word one edit away, and the
     search runs again. A query without a typo fetches no word list. */
  var pagefindPromise = null;
  var wordsPromise = null;
  var MAX_RESULTS = 8;

  function fold(text) {
    return String(text).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss");
  }
  /* Ranking: Pagefind's default length penalty (pageLength 0.75) put the glossary, one long page
     whose terms are headings of their own, behind short pages that only share a word
     ("dark post" found the glossary 4th); at 0.5 the query set (tests/search_queries.json) finds
     38/38 against 37/38. */
  function loadPagefind(url) {
    if (!pagefindPromise) {
      pagefindPromise = import(url)
        .then(function (pf) { return Promise.resolve(pf.options({ excerptLength: 22, ranking: { pageLength: 0.5 } })).then(function () { return pf; }); })
        .catch(function (e) { pagefindPromise = null; throw e; });
    }
    return pagefindPromise;
  }
  var wordLists = {};
  function wordsOfLength(url, len) {
    var lang = (root.getAttribute("lang") || "unknown").split("-")[0];
    var file = url.replace(/[^/]*$/, "cmbook-words." + lang + "." + len + ".json");
    if (!wordLists[file]) {
      wordLists[file] = fetch(file, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .catch(function () { delete wordLists[file]; return []; });
    }
    return wordLists[file];
  }
  /* Whether a and b are at most one edit apart (a letter left out, added, changed, or two
     neighbours swapped). */
  function oneEdit(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  function queryWords(query) {
    return fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }
  /* Whether a highlighted word of the answer comes near `w`: it starts with w (w is being typed)
     or w starts with it, give or take an ending (Pagefind matches stems). */
  function answered(w, marks) {
    return marks.some(function (m) {
      return m.indexOf(w) === 0 || (m.length >= 4 && w.indexOf(m.slice(0, Math.max(4, m.length - 2))) === 0);
    });
  }
  /* The query with each suspect word (4+ letters, not answered) the site does not use replaced
     by the site's most widespread word one edit away; null when nothing changed. */
  function corrected(url, query, marks) {
    var words = queryWords(query);
    return Promise.all(words.map(function (w) {
      if (w.length < 4 || answered(w, marks)) return w;
      return Promise.all([w.length - 1, w.length, w.length + 1].map(function (l) { return wordsOfLength(url, l); }))
        .then(function (lists) {
          if (lists[1].indexOf(w) >= 0) return w;
          var best = null;
          lists.forEach(function (list) {
            for (var i = 0; i < list.length; i++) {
              if (oneEdit(w, list[i])) { if (!best || i < best.rank) best = { word: list[i], rank: i }; break; }
            }
          });
          return best ? best.word : w;
        });
    })).then(function (fixed) {
      return fixed.join(" ") !== words.join(" ") ? fixed.join(" ") : null;
    });
  }
  /* A Pagefind excerpt as nodes: text and <mark> only, whatever the index holds. */
  function excerptNodes(html) {
    var t = document.createElement("template");
    t.innerHTML = html;
    var frag = document.createDocumentFragment();
    t.content.childNodes.forEach(function (n) {
      if (n.nodeName === "MARK") {
        var m = document.createElement("mark");
        m.textContent = n.textContent;
        frag.appendChild(m);
      } else {
        frag.appendChild(document.createTextNode(n.textContent));
      }
    });
    return frag;
  }
  /* The options a page result gives: its best-matching heading (the glossary: up to three terms,
     each a result of its own). */
  function optionsOf(data) {
    var subs = (data.sub_results || []).slice();
    subs.sort(function (a, b) { return (b.locations || []).length - (a.locations || []).length; });
    var glossary = data.filters && data.filters.kind && data.filters.kind.indexOf("glossary") >= 0;
    var picked = glossary ? subs.filter(function (s) { return s.anchor; }).slice(0, 3) : subs.slice(0, 1);
    if (!picked.length) picked = [null];
    return picked.map(function (sub) {
      var title = (data.meta && data.meta.title) || data.url;
      var heading = sub && sub.anchor && sub.title !== title ? sub.title : "";
      return {
        page: data.url,
        url: heading ? sub.url : data.url,
        title: title,
        heading: heading,
        kind: (data.meta && data.meta.kind) || "",
        excerpt: sub ? sub.excerpt : data.excerpt,
        marks: ((sub ? sub.excerpt : "") + (data.excerpt || "")).match(/<mark>[^<]*<\/mark>/g) || []
      };
    });
  }
  function runSearch(pf, query, kind) {
    var filters = kind ? { kind: kind } : {};
    return pf.search(query, { filters: filters }).then(function (search) {
      if (!search) return null; // superseded by a newer query
      return Promise.all(search.results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); }))
        .then(function (all) {
          var options = [];
          all.forEach(function (d) { options = options.concat(optionsOf(d)); });
          return options.slice(0, MAX_RESULTS);
        });
    });
  }

  function initSearch(box) {
    var input = box.querySelector(".search-input");
    var form = box.querySelector("form");
    var panel = box.querySelector(".search-panel");
    var list = box.querySelector(".search-results");
    var empty = box.querySelector(".search-empty");
    var note = box.querySelector(".search-note");
    var status = box.querySelector(".search-status");
    var kindButtons = Array.prototype.slice.call(box.querySelectorAll(".search-filter"));
    var url = box.getAttribute("data-index");
    var results = [];
    var active = -1;
    var seq = 0;
    var kind = "";

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
      if (results[i]) window.location.href = results[i].url;
    }
    function render(query, correction) {
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = input.id + "-opt-" + i;
        li.className = "search-result";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-href", r.url);
        li.setAttribute("data-page", r.page);
        var title = document.createElement("span");
        title.className = "result-title";
        title.textContent = r.heading ? r.title + " › " + r.heading : r.title;
        var meta = document.createElement("span");
        meta.className = "result-meta";
        meta.textContent = r.kind;
        li.appendChild(title);
        if (r.kind) li.appendChild(meta);
        if (r.excerpt) {
          var ex = document.createElement("span");
          ex.className = "result-excerpt";
          ex.appendChild(excerptNodes(r.excerpt));
          li.appendChild(ex);
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { go(i); });
        list.appendChild(li);
      });
      list.hidden = !results.length;
      empty.hidden = !!results.length;
      empty.textContent = results.length ? "" : t("js_search_none", "Aucun résultat pour « {query} ».", { query: query });
      note.hidden = !correction;
      note.textContent = correction
        ? t("js_search_instead", "Résultats pour « {fixed} » au lieu de « {query} ».", { fixed: correction, query: query }) : "";
      status.textContent = (correction ? t("js_search_status_fixed", "Résultats pour « {fixed} ». ", { fixed: correction }) : "") +
        (results.length > 1 ? t("js_search_count_many", "{n} résultats ; flèches pour parcourir, Entrée pour ouvrir.", { n: results.length })
          : results.length ? t("js_search_count_one", "{n} résultat ; flèches pour parcourir, Entrée pour ouvrir.", { n: 1 })
          : t("js_search_status_none", "Aucun résultat."));
      open(true);
    }
    function fail() {
      results = [];
      list.textContent = "";
      list.hidden = true;
      note.hidden = true;
      empty.hidden = false;
      empty.textContent = t("js_search_unavailable", "La recherche est indisponible pour le moment.");
      open(true);
    }
    function update() {
      var query = input.value.trim();
      var mine = ++seq;
      if (!query) { results = []; list.textContent = ""; status.textContent = ""; box.removeAttribute("aria-busy"); open(false); return; }
      // Busy until the last answer (and its correction, if any) is shown.
      box.setAttribute("aria-busy", "true");
      function done() { if (mine === seq) box.removeAttribute("aria-busy"); }
      loadPagefind(url).then(function (pf) {
        return runSearch(pf, query, kind).then(function (found) {
          if (mine !== seq || found === null) return;
          results = found;
          render(query, null);
          var marks = [];
          found.forEach(function (r) {
            r.marks.forEach(function (m) { marks.push(fold(m.replace(/<\/?mark>/g, ""))); });
          });
          return corrected(url, query, marks).then(function (fixed) {
            if (!fixed || mine !== seq) return;
            return runSearch(pf, fixed, kind).then(function (again) {
              if (mine !== seq || !again || !again.length) return;
              results = again;
              render(query, fixed);
            });
          });
        });
      }).catch(function () { if (mine === seq) fail(); }).then(done);
    }

    kindButtons.forEach(function (b) {
      b.addEventListener("click", function () {
        kind = b.getAttribute("data-kind");
        kindButtons.forEach(function (o) { o.setAttribute("aria-pressed", o === b ? "true" : "false"); });
        update();
      });
    });
    input.addEventListener("focus", function () {
      loadPagefind(url).catch(function () {});
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
