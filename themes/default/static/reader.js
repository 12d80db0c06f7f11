/* cmbook default theme: reading aids (progressive enhancement; without JavaScript the sidebar is a
   <details>, every kind group shows and code blocks have no copy button).
   - the section sidebar opens on wide screens (for browsers that cannot show a closed <details>);
   - term pages: buttons that show one kind of page;
   - code blocks: a "Copier" button, with its result announced.
   Its words come from the page (#ui-strings, written by base.html), French by default. */
(function () {
  "use strict";

  var UI = {};
  try { UI = JSON.parse(document.getElementById("ui-strings").textContent) || {}; } catch (e) { /* French */ }
  function t(key, french, values) {
    var text = typeof UI[key] === "string" ? UI[key] : french;
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(values[k])); });
    return text;
  }

  /* ----- section sidebar ----- */
  var sidebar = document.querySelector("[data-sidebar]");
  if (sidebar && window.matchMedia && window.matchMedia("(min-width: 80rem)").matches) {
    sidebar.open = true;
    /* The column scrolls on its own: bring the current page into its view, not the window's. */
    var column = sidebar.closest(".section-sidebar");
    var current = sidebar.querySelector('[aria-current="page"]');
    if (column && current && column.scrollHeight > column.clientHeight) {
      column.scrollTop = Math.max(0, current.offsetTop - column.offsetTop - column.clientHeight / 3);
    }
  }

  /* ----- term pages: show one kind ----- */
  var filter = document.querySelector("[data-kind-filter]");
  if (filter) {
    var groups = document.querySelectorAll("[data-kind-group]");
    filter.hidden = false;
    filter.addEventListener("click", function (e) {
      var button = e.target.closest("button[data-kind]");
      if (!button) return;
      var kind = button.getAttribute("data-kind");
      filter.querySelectorAll("button[data-kind]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b === button));
      });
      groups.forEach(function (g) { g.hidden = kind !== "" && g.getAttribute("data-kind-group") !== kind; });
    });
  }

  /* ----- code blocks: copy ----- */
  var status = null;
  function announce(text) {
    if (!status) {
      status = document.createElement("p");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }
  document.querySelectorAll(".content pre.code").forEach(function (pre, n) {
    var wrap = document.createElement("div");
    wrap.className = "code-block";
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var lang = pre.getAttribute("data-lang");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "code-copy";
    /* The visible word starts the accessible name (WCAG 2.5.3); the rest says which block. */
    var copy = t("js_copy", "Copier");
    var word = document.createElement("span");
    word.textContent = copy;
    var which = document.createElement("span");
    which.className = "visually-hidden";
    which.textContent = t("js_copy_which", " le code{lang}{n}", {
      lang: lang && lang !== "text" ? t("js_copy_lang", " {lang}", { lang: lang }) : "",
      n: n ? t("js_copy_n", " n° {n}", { n: n + 1 }) : ""
    });
    button.appendChild(word);
    button.appendChild(which);
    button.addEventListener("click", function () {
      var code = pre.querySelector("code") || pre;
      copyText(code.textContent.replace(/\n$/, "")).then(function () {
        word.textContent = t("js_copied", "Copié");
        announce(t("js_copied_note", "Code copié dans le presse-papiers."));
      }, function () {
        word.textContent = t("js_copy_failed", "Échec");
        announce(t("js_copy_failed_note", "La copie a échoué : sélectionnez le code à la main."));
      });
      window.setTimeout(function () { word.textContent = copy; }, 2000);
    });
    wrap.appendChild(button);
  });
})();
