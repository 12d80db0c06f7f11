// The written query set (tests/search_queries.json) through the real search box of the built
// handbook, in Debian's headless Chromium: the theme's script over the Pagefind index.
// Usage: node tests/browser/search.mjs <site-dir> <port> <queries.json> [<report.json>]
// A query passes when one of its expected pages is among the first `within` (3) pages listed,
// and, with `anchor`, one of that page's options links to the heading. Also checked: the
// excerpt highlights the match (<mark>), typos come back corrected, the kind filter keeps one
// kind, and the index is fetched only once the box is used. Exits non-zero on a failure;
// prints the hit rate.
import fs from "node:fs";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const [siteDir, portArg, queriesArg, reportArg] = process.argv.slice(2);
if (!siteDir || !portArg || !queriesArg) {
  console.error("usage: node search.mjs <site-dir> <port> <queries.json> [<report.json>]");
  process.exit(2);
}
const origin = `http://127.0.0.1:${Number(portArg)}`;
const { queries } = JSON.parse(fs.readFileSync(queriesArg, "utf8"));
const executablePath = process.env.CMBOOK_CHROMIUM || "/usr/bin/chromium";
const watchdog = setTimeout(() => {
  console.error("search checks: overall time limit (120 s) reached");
  process.exit(3);
}, 120_000);
watchdog.unref();

const { server, log } = await serve(siteDir, Number(portArg));
const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
const failures = [];
const lines = [];
let hits = 0;
let counted = 0;
try {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(origin + "/", { waitUntil: "load" });
  if (log.some((l) => l.url.includes("/pagefind/"))) failures.push("the index was fetched before the search box was used");
  const input = page.locator("[data-search][data-primary] .search-input");
  const box = page.locator("[data-search][data-primary]");

  /** Types `query` (with the kind filter `kind`), waits for the answer, returns its options. */
  async function ask(query, kind = "") {
    await input.fill("");
    await box.locator(`.search-filter[data-kind="${kind}"]`).evaluate((b) => b.click());
    await input.fill(query);
    await page.waitForFunction(
      ({ q }) => {
        const b = document.querySelector("[data-search][data-primary]");
        const status = b.querySelector(".search-status").textContent;
        return b.querySelector(".search-input").value === q && status !== "" && !b.hasAttribute("aria-busy") &&
          (b.querySelectorAll('[role="option"]').length > 0 || !b.querySelector(".search-empty").hidden);
      },
      { q: query },
      { timeout: 10_000 },
    );
    return box.locator('[role="option"]').evaluateAll((els) =>
      els.map((el) => ({
        page: new URL(el.getAttribute("data-page"), location.href).pathname,
        href: el.getAttribute("data-href"),
        title: el.querySelector(".result-title").textContent,
        kind: el.querySelector(".result-meta")?.textContent || "",
        marks: el.querySelectorAll(".result-excerpt mark").length,
        excerptHtml: el.querySelector(".result-excerpt")?.innerHTML || "",
      })),
    );
  }

  for (const q of queries) {
    const options = await ask(q.query, q.filter?.kind || "");
    const pages = [...new Set(options.map((o) => o.page.replace(/^\//, "")))];
    const note = await box.locator(".search-note").evaluate((n) => (n.hidden ? "" : n.textContent));
    let ok;
    if (q.expect_all_kind) {
      ok = options.length > 0 && options.every((o) => o.kind === q.expect_all_kind);
    } else {
      counted++;
      const within = pages.slice(0, q.within || 3);
      const found = q.expect.find((e) => within.includes(e));
      ok = Boolean(found);
      if (ok && q.anchor) {
        ok = options.some((o) => o.page.replace(/^\//, "") === found && o.href.endsWith("#" + q.anchor));
      }
      if (ok) hits++;
    }
    if (ok && !options.some((o) => o.marks > 0)) {
      ok = false;
      failures.push(`${q.query}: no excerpt highlights the match`);
    }
    if (ok && /^[^<]*(<mark>[^<]*<\/mark>[^<]*)*$/.test(options[0].excerptHtml) === false) {
      ok = false;
      failures.push(`${q.query}: the excerpt holds more than text and <mark>: ${options[0].excerptHtml}`);
    }
    lines.push(`${ok ? "ok  " : "MISS"} ${q.query}${note ? ` [${note}]` : ""} -> ${options.slice(0, 4).map((o) => o.href.replace(origin, "")).join(" | ")}`);
    if (!ok && !q.expect_all_kind) failures.push(`${q.query}: expected ${q.expect.join(" or ")}${q.anchor ? "#" + q.anchor : ""}, got ${pages.slice(0, 4).join(" | ")}`);
    if (!ok && q.expect_all_kind) failures.push(`${q.query} (kind ${q.filter.kind}): got kinds ${options.map((o) => o.kind).join(", ")}`);
  }

  // Keyboard: arrows move through options, Enter opens the one selected.
  await ask("Oreo");
  await input.focus();
  await page.keyboard.press("ArrowDown");
  const chosen = await page.evaluate(() => {
    const id = document.activeElement.getAttribute("aria-activedescendant");
    return id && document.getElementById(id).getAttribute("data-href");
  });
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => chosen && u.toString().startsWith(new URL(chosen, origin).toString().split("#")[0]));

  // The English site searches the English index (English stemming) and lists English pages
  // only: no French page, no untranslated page shown in French under /en/.
  await page.goto(origin + "/en/", { waitUntil: "load" });
  const english = await ask("measurements");
  const englishPages = [...new Set(english.map((o) => o.page))];
  if (!englishPages.slice(0, 3).includes("/en/job/measuring-results-and-roi/")) {
    failures.push(`measurements (on /en/): expected /en/job/measuring-results-and-roi/ in the first 3, got ${englishPages.slice(0, 4).join(" | ")}`);
  }
  if (!englishPages.length || englishPages.some((p) => !p.startsWith("/en/"))) {
    failures.push(`measurements (on /en/): a result outside the English site: ${englishPages.join(" | ")}`);
  }
  const frenchOnEnglish = await ask("crise");
  if (frenchOnEnglish.some((o) => /^\/en\/job\/gestion-de-crise\//.test(o.page))) {
    failures.push("crise (on /en/): the untranslated page shown in French under /en/ is a result");
  }
  lines.push(`en   measurements -> ${englishPages.slice(0, 4).join(" | ")}`);
  if (problems.length) failures.push(`console/page errors: ${problems.join("; ")}`);
} catch (e) {
  failures.push(String(e && e.stack || e));
} finally {
  await browser.close();
  server.close();
}
for (const l of lines) console.log(l);
console.log(`query set: ${hits}/${counted} found`);
if (reportArg) fs.writeFileSync(reportArg, JSON.stringify({ hits, counted, lines, failures }, null, 2));
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
