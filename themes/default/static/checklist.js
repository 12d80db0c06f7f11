/* cmbook default theme: interactive checklists (progressive enhancement of checklist.html).
   Each item (li.checklist-item[data-item-id]) gets a big "fait" checkbox (one tap marks it done, a
   44 px target) and, smaller beside it, three radio buttons for the other states: à faire, en
   cours, ignoré. On small screens a copy of the overall bar sticks to the top while scrolling.
   A state is saved in localStorage under "cmbook:checklist:<page path>:<item id>" with the value
   "fait", "en-cours" or "ignore" ("à faire" removes the key). Percentages count "fait" items out of
   the items not ignored. Export writes a JSON file; import reads one back. */
(function () {
  "use strict";
  var dataEl = document.getElementById("checklist-data");
  var summary = document.querySelector("[data-checklist]");
  if (!dataEl || !summary) return;
  var data = JSON.parse(dataEl.textContent);
  var PREFIX = "cmbook:checklist:" + data.page + ":";
  /* Interface strings from the page (#ui-strings, written by base.html), French by default. */
  var UI = {};
  try { UI = JSON.parse(document.getElementById("ui-strings").textContent) || {}; } catch (e) { /* French */ }
  function t(key, french, values) {
    var text = typeof UI[key] === "string" ? UI[key] : french;
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(values[k])); });
    return text;
  }
  function pct(n) { return t("js_percent", "{n} %", { n: n }); }
  /* The secondary states; "fait" is the checkbox. */
  var STATES = [
    { value: "", label: t("js_todo", "À faire") },
    { value: "en-cours", label: t("js_in_progress", "En cours") },
    { value: "ignore", label: t("js_skipped", "Ignoré") }
  ];
  var VALID = { fait: true, "en-cours": true, ignore: true };
  var storageOk = true;
  function load(id) {
    try { var v = window.localStorage.getItem(PREFIX + id); return VALID[v] ? v : ""; }
    catch (e) { storageOk = false; return ""; }
  }
  function save(id, value) {
    try {
      if (value) window.localStorage.setItem(PREFIX + id, value);
      else window.localStorage.removeItem(PREFIX + id);
    } catch (e) { storageOk = false; }
  }

  var message = summary.querySelector(".cl-message");
  function say(text) { message.textContent = text; }

  var items = {};
  var states = {};
  var groups = data.groups.filter(function (g) { return g.items.length; });
  var ids = [];
  groups.forEach(function (g) { g.items.forEach(function (id) { ids.push(id); }); });

  /* ----- enhance each item ----- */
  ids.forEach(function (id, n) {
    var li = document.querySelector('li.checklist-item[data-item-id="' + CSS.escape(id) + '"]');
    if (!li) return;
    items[id] = li;
    var box = li.querySelector(":scope > input.checklist-box");
    if (box) box.remove();
    var text = document.createElement("span");
    text.className = "item-text";
    text.id = "cl-text-" + n;
    while (li.firstChild && !/^(UL|OL)$/.test(li.firstChild.nodeName || "")) text.appendChild(li.firstChild);
    if (text.firstChild && text.firstChild.nodeType === 3) text.firstChild.textContent = text.firstChild.textContent.replace(/^\s+/, "");
    var row = document.createElement("div");
    row.className = "item-row";
    var done = document.createElement("label");
    done.className = "item-done";
    var doneBox = document.createElement("input");
    doneBox.type = "checkbox";
    doneBox.className = "item-done-box";
    doneBox.setAttribute("aria-describedby", text.id);
    doneBox.addEventListener("change", function () { set(id, doneBox.checked ? "fait" : ""); });
    var marker = document.createElement("span");
    marker.className = "item-marker";
    marker.setAttribute("aria-hidden", "true");
    var doneName = document.createElement("span");
    doneName.className = "visually-hidden";
    doneName.textContent = t("js_done", "Fait");
    done.appendChild(doneBox);
    done.appendChild(marker);
    done.appendChild(doneName);
    row.appendChild(done);
    row.appendChild(text);
    var group = document.createElement("div");
    group.className = "item-states";
    group.setAttribute("role", "radiogroup");
    group.setAttribute("aria-labelledby", text.id);
    STATES.forEach(function (s) {
      var label = document.createElement("label");
      label.className = "state state-" + (s.value || "todo");
      var input = document.createElement("input");
      input.type = "radio";
      input.name = "cl-state-" + n;
      input.value = s.value;
      input.addEventListener("change", function () {
        if (input.checked) set(id, s.value);
      });
      var span = document.createElement("span");
      span.textContent = s.label;
      label.appendChild(input);
      label.appendChild(span);
      group.appendChild(label);
    });
    row.appendChild(group);
    li.insertBefore(row, li.firstChild);
    li.classList.add("is-interactive");
  });

  /* ----- progress bars ----- */
  function makeBar(labelText) {
    var wrap = document.createElement("div");
    wrap.className = "group-progress";
    var bar = document.createElement("div");
    bar.className = "progress";
    bar.setAttribute("role", "progressbar");
    bar.setAttribute("aria-label", labelText);
    bar.setAttribute("aria-valuemin", "0");
    bar.setAttribute("aria-valuemax", "100");
    bar.innerHTML = '<span class="progress-done"></span><span class="progress-doing"></span>';
    var text = document.createElement("span");
    text.className = "progress-text";
    wrap.appendChild(bar);
    wrap.appendChild(text);
    return wrap;
  }
  var groupBars = {};
  groups.forEach(function (g) {
    var anchor = g.id ? document.getElementById(g.id) : null;
    var first = items[g.items[0]];
    var bar = makeBar(t("js_progress_of", "Progression : {group}", { group: g.title || t("js_introduction", "introduction") }));
    if (anchor) anchor.insertAdjacentElement("afterend", bar);
    else if (first && first.parentNode) first.parentNode.insertAdjacentElement("beforebegin", bar);
    groupBars[g.id] = bar;
  });

  /* Small screens: the summary is above the text, so a copy of its bar (hidden from assistive
     technology: the summary's bar is the one announced) sticks to the top of the text. */
  var sticky = document.createElement("div");
  sticky.className = "cl-sticky";
  sticky.setAttribute("aria-hidden", "true");
  sticky.innerHTML = '<span class="cl-sticky-label"></span><div class="progress"><span class="progress-done"></span>' +
    '<span class="progress-doing"></span></div><span class="cl-sticky-text"></span>';
  sticky.querySelector(".cl-sticky-label").textContent = t("js_progress", "Progression");
  sticky.querySelector(".cl-sticky-text").textContent = pct(0);
  var body = document.querySelector(".article-body");
  if (body) body.insertBefore(sticky, body.firstChild);

  function counts(list) {
    var c = { total: list.length, fait: 0, "en-cours": 0, ignore: 0 };
    list.forEach(function (id) { if (states[id]) c[states[id]]++; });
    c.counted = c.total - c.ignore;
    c.pct = c.counted ? Math.round((100 * c.fait) / c.counted) : 0;
    return c;
  }
  function paint(bar, c) {
    bar.setAttribute("aria-valuenow", String(c.pct));
    var detail = (c.fait > 1 ? t("js_done_of_many", "{n} faits sur {total}", { n: c.fait, total: c.counted })
      : t("js_done_of_one", "{n} fait sur {total}", { n: c.fait, total: c.counted })) +
      (c["en-cours"] ? t("js_doing_count", ", {n} en cours", { n: c["en-cours"] }) : "") +
      (c.ignore ? (c.ignore > 1 ? t("js_skipped_many", ", {n} ignorés", { n: c.ignore })
        : t("js_skipped_one", ", {n} ignoré", { n: c.ignore })) : "");
    bar.setAttribute("aria-valuetext", t("js_percent_detail", "{n} % : {detail}", { n: c.pct, detail: detail }));
    var done = c.counted ? (100 * c.fait) / c.counted : 0;
    var doing = c.counted ? (100 * c["en-cours"]) / c.counted : 0;
    bar.querySelector(".progress-done").style.width = done + "%";
    bar.querySelector(".progress-doing").style.width = doing + "%";
    return detail;
  }
  function refresh() {
    groups.forEach(function (g) {
      var c = counts(g.items);
      var wrap = groupBars[g.id];
      var detail = paint(wrap.querySelector(".progress"), c);
      wrap.querySelector(".progress-text").textContent = pct(c.pct) + " · " + detail;
      var cell = summary.querySelector('[data-group-count="' + CSS.escape(g.id) + '"]');
      if (cell) {
        cell.textContent = c.fait + "/" + c.counted;
        cell.parentNode.classList.toggle("is-complete", c.counted > 0 && c.fait === c.counted);
      }
    });
    var all = counts(ids);
    var detail = paint(summary.querySelector('[data-progress="all"]'), all);
    summary.querySelector('[data-progress-text="all"]').innerHTML =
      '<strong class="pct">' + pct(all.pct) + "</strong> <span>" + detail + "</span>";
    paint(sticky.querySelector(".progress"), all);
    sticky.querySelector(".cl-sticky-text").textContent = pct(all.pct) + " · " + all.fait + "/" + all.counted;
  }
  function show(id) {
    var li = items[id];
    if (!li) return;
    var v = states[id] || "";
    li.setAttribute("data-state", v || "todo");
    li.querySelectorAll(":scope > .item-row input[type=radio]").forEach(function (r) { r.checked = r.value === v; });
    li.querySelector(":scope > .item-row .item-done-box").checked = v === "fait";
  }
  function set(id, value) {
    if (value) states[id] = value; else delete states[id];
    save(id, value);
    show(id);
    refresh();
    if (!storageOk) say(t("js_no_storage", "Votre navigateur refuse l'enregistrement local : la progression sera perdue en quittant la page."));
  }

  ids.forEach(function (id) { var v = load(id); if (v) states[id] = v; show(id); });
  refresh();

  /* ----- tools ----- */
  summary.querySelector(".cl-nojs").hidden = true;
  summary.querySelector(".cl-overall").hidden = false;
  summary.querySelector(".cl-tools").hidden = false;
  var fileInput = summary.querySelector("[data-import-file]");

  function slug() { return (data.page || "checklist").replace(/\/+$/, "").replace(/[^a-z0-9]+/gi, "-") || "checklist"; }
  function exportStates() {
    var out = {
      format: "cmbook-checklist", version: 1, page: data.page, title: data.title,
      exported: new Date().toISOString(), states: {}
    };
    ids.forEach(function (id) { if (states[id]) out.states[id] = states[id]; });
    var blob = new Blob([JSON.stringify(out, null, 2) + "\n"], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = t("js_export_file", "progression") + "-" + slug() + ".json";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    say(t("js_exported", "Progression exportée : {n} état(s) dans {file}.", { n: Object.keys(out.states).length, file: a.download }));
  }
  function importText(text) {
    var parsed;
    try { parsed = JSON.parse(text); } catch (e) { say(t("js_import_not_json", "Import impossible : ce fichier n'est pas du JSON valide.")); return; }
    if (!parsed || parsed.format !== "cmbook-checklist" || typeof parsed.states !== "object" || !parsed.states) {
      say(t("js_import_not_progress", "Import impossible : ce fichier n'est pas une progression de checklist exportée par ce manuel."));
      return;
    }
    var applied = 0, unknown = 0;
    ids.forEach(function (id) { delete states[id]; save(id, ""); });
    Object.keys(parsed.states).forEach(function (id) {
      var v = parsed.states[id];
      if (items[id] && VALID[v]) { states[id] = v; save(id, v); applied++; } else { unknown++; }
    });
    ids.forEach(show);
    refresh();
    say(t("js_imported", "Progression importée : {n} état(s)", { n: applied }) +
      (unknown ? t("js_imported_unknown", ", {n} ignoré(s) car inconnu(s) dans cette checklist", { n: unknown }) : "") +
      (parsed.page && parsed.page !== data.page ? t("js_imported_other", " (fichier exporté depuis une autre checklist)") : "") + ".");
  }
  summary.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-action]");
    if (!b) return;
    var action = b.getAttribute("data-action");
    if (action === "export") exportStates();
    if (action === "import") fileInput.click();
    if (action === "reset") {
      if (!window.confirm(t("js_reset_confirm", "Effacer votre progression sur cette checklist ?"))) return;
      ids.forEach(function (id) { delete states[id]; save(id, ""); show(id); });
      refresh();
      say(t("js_reset_done", "Progression effacée."));
    }
  });
  fileInput.addEventListener("change", function () {
    var f = fileInput.files && fileInput.files[0];
    if (!f) return;
    f.text().then(importText, function () { say(t("js_import_unreadable", "Import impossible : le fichier n'a pas pu être lu.")); });
    fileInput.value = "";
  });
})();
