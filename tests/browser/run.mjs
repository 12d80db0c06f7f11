// Browser checks of the built handbook in Debian's headless Chromium (playwright-core + axe-core).
// Usage: node tests/browser/run.mjs <site-dir> <port> <artifacts-dir>
// Serves <site-dir> on 127.0.0.1:<port>, runs every check, writes screenshots and report.json to
// <artifacts-dir>, prints one line per check and exits non-zero if any failed.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const [siteDir, portArg, artifactsArg] = process.argv.slice(2);
if (!siteDir || !portArg || !artifactsArg) {
  console.error("usage: node run.mjs <site-dir> <port> <artifacts-dir>");
  process.exit(2);
}
const port = Number(portArg);
const origin = `http://127.0.0.1:${port}`;
const artifacts = path.resolve(artifactsArg);
fs.mkdirSync(artifacts, { recursive: true });
const executablePath = process.env.CMBOOK_CHROMIUM || "/usr/bin/chromium";
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TIMEOUT = 10_000;

// The whole run is bounded: a hung browser must not hang `cargo test`. (150 s until the reading
// aids of reader.mjs added ~20 s; a loaded 2-core machine needs the margin.)
const watchdog = setTimeout(() => {
  console.error("browser checks: overall time limit (210 s) reached");
  process.exit(3);
}, 210_000);
watchdog.unref();

/** One page of each kind of the handbook. */
const PAGES = [
  { kind: "home", path: "/" },
  { kind: "article", path: "/metier/e-reputation/" },
  { kind: "article-with-code", path: "/a-propos/" },
  { kind: "checklist", path: "/competences/junior/" },
  { kind: "case-study", path: "/etudes-de-cas/dominos-pizza-2009/" },
  { kind: "section", path: "/metier/" },
  { kind: "taxonomy-list", path: "/secteurs/" },
  { kind: "career-map", path: "/etapes/" },
  { kind: "stage-page", path: "/parcours/junior/" },
  { kind: "case-timeline", path: "/etudes-de-cas/united-breaks-guitars-2009/" },
  { kind: "term", path: "/secteurs/luxe/" },
  { kind: "glossary", path: "/glossaire/" },
  { kind: "print-book", path: "/etudes-de-cas/imprimer/" },
  { kind: "404", path: "/404.html" },
];

const results = [];
const report = { axe: {}, screenshots: [], weights: {}, checks: results };

async function check(name, fn) {
  const started = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, ms: Date.now() - started, detail });
    console.log(`ok   ${name}${detail ? ` — ${detail}` : ""}`);
  } catch (e) {
    results.push({ name, ok: false, ms: Date.now() - started, error: String(e && e.stack || e) });
    console.log(`FAIL ${name}\n     ${String(e && e.message || e).split("\n").join("\n     ")}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

const { server, log } = await serve(siteDir, port);
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-quic", "--disable-component-update", "--disable-sync"],
  timeout: 30_000,
});

/** A fresh browser context that can only reach the test server; every problem is recorded. */
async function newContext(options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: "light",
    reducedMotion: "reduce",
    acceptDownloads: true,
    ...options,
  });
  context.setDefaultTimeout(TIMEOUT);
  context.problems = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + "/") || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    context.problems.push(`request leaving the site: ${url}`);
    return route.abort();
  });
  context.on("page", (page) => watch(context, page));
  return context;
}
function watch(context, page) {
  page.on("console", (msg) => {
    if (msg.type() === "error") context.problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => context.problems.push(`uncaught exception on ${page.url()}: ${err.message}`));
  page.on("requestfailed", (req) => {
    const why = req.failure()?.errorText || "";
    // ERR_ABORTED: cancelled by a navigation (e.g. the favicon while the test moves on). A missing
    // file shows up as an HTTP status below, and a request leaving the site is recorded by the route.
    if (why.includes("ERR_ABORTED")) return;
    context.problems.push(`failed request ${req.url()}: ${why}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400 && !context.allow404?.has(res.url())) context.problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
}
function noProblems(context) {
  const problems = context.problems.splice(0);
  assert(problems.length === 0, problems.join("\n"));
}

// ---------------------------------------------------------------- search
await check("search: `reputation` lists the e-réputation article; clicking opens it", async () => {
  const context = await newContext();
  const page = await context.newPage();
  await page.goto(origin + "/", { waitUntil: "load" });
  const before = log.filter((l) => l.url.includes("/pagefind/")).length;
  assert(before === 0, "the search index (pagefind/) was loaded before the search box was used");
  await page.keyboard.press("/");
  const input = page.locator("[data-search][data-primary] .search-input");
  assert(await input.evaluate((el) => el === document.activeElement), "`/` did not focus the search box");
  await page.keyboard.type("reputation", { delay: 15 });
  // the article is titled “L'e-réputation” (an option may add the heading that matched:
  // “L’e-réputation › …”); other pages mention it in their titles or text
  const option = page.locator('[role="option"]').filter({ has: page.locator(".result-title", { hasText: /^L[’']e-réputation( › .*)?$/ }) }).first();
  await option.waitFor({ state: "visible" });
  const titles = await page.locator('[role="option"] .result-title').allTextContents();
  assert(await input.getAttribute("aria-expanded") === "true", "combobox not expanded with results");
  await option.click();
  await page.waitForURL(/\/metier\/e-reputation\/(#.*)?$/);
  noProblems(context);
  await context.close();
  return `results: ${titles.slice(0, 4).join(" | ")}`;
});

await check("search: keyboard only (arrows + Enter), accent-insensitive, no result message", async () => {
  const context = await newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await page.goto(origin + "/metier/", { waitUntil: "load" });
  await page.keyboard.press("/");
  await page.keyboard.type("communautés", { delay: 10 });
  await page.locator('[role="option"]').first().waitFor({ state: "visible" });
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const active = await page.evaluate(() => {
    const input = document.activeElement;
    const id = input.getAttribute("aria-activedescendant");
    const el = id && document.getElementById(id);
    return el ? { id, title: el.querySelector(".result-title").textContent, selected: el.getAttribute("aria-selected") } : null;
  });
  assert(active && active.selected === "true" && active.id.endsWith("-opt-1"), `arrow keys did not move to the 2nd result: ${JSON.stringify(active)}`);
  const urlBefore = page.url();
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.toString() !== urlBefore);
  const landed = await page.locator("h1").first().textContent();
  // An option names its page, then the heading it opens at.
  const pageTitle = active.title.split(" › ")[0].trim();
  assert(landed.trim() === pageTitle, `Enter opened “${landed}” instead of “${pageTitle}”`);
  await page.keyboard.press("/");
  await page.keyboard.type("zzxqy", { delay: 10 });
  await page.locator(".search-empty:not([hidden])").first().waitFor({ state: "visible" });
  await page.keyboard.press("Escape");
  noProblems(context);
  await context.close();
  return `2nd result opened: ${landed.trim()}`;
});

// ---------------------------------------------------------------- checklist
const CHECKLIST = "/competences/junior/";
async function checklistSnapshot(page) {
  return page.evaluate(() => {
    const states = {};
    document.querySelectorAll("li.checklist-item[data-item-id]").forEach((li) => {
      states[li.dataset.itemId] = li.getAttribute("data-state");
    });
    const bars = [...document.querySelectorAll('[role="progressbar"]')].map((b) => `${b.getAttribute("aria-label") || "global"}=${b.getAttribute("aria-valuenow")}`);
    const overall = document.querySelector('[data-progress="all"]').getAttribute("aria-valuenow");
    return { states, bars, overall };
  });
}
await check("checklist: three states persist across a reload, with the same percentages", async () => {
  const context = await newContext();
  const page = await context.newPage();
  page.on("dialog", (d) => d.accept());
  await page.goto(origin + CHECKLIST, { waitUntil: "load" });
  const items = page.locator("li.checklist-item.is-interactive");
  const count = await items.count();
  assert(count >= 6, `expected interactive items, found ${count}`);
  // "fait" is one checkbox (one tap); the other states are radio buttons beside it
  const done = (i) => items.nth(i).getByRole("checkbox", { name: "Fait", exact: true }).check();
  const pick = (i, name) => items.nth(i).getByRole("radio", { name, exact: true }).check();
  await done(0);
  await done(1);
  await pick(3, "Ignoré");
  await done(count - 1);
  // keyboard: the radio group of item 3 with the arrow keys, the checkbox of item 5 with Space
  await items.nth(2).locator('input[type="radio"]').first().focus();
  await page.keyboard.press("ArrowRight");
  await items.nth(4).locator('input[type="checkbox"]').focus();
  await page.keyboard.press("Space");
  const before = await checklistSnapshot(page);
  assert(before.states[await items.nth(2).getAttribute("data-item-id")] === "en-cours", "arrow keys did not set item 3 to en cours");
  assert(before.states[await items.nth(4).getAttribute("data-item-id")] === "fait", "Space did not set item 5 to fait");
  const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("cmbook:checklist:")));
  assert(keys.length === 6, `expected 6 saved states, found ${keys.length}: ${keys.join(", ")}`);
  const firstId = await items.nth(0).getAttribute("data-item-id");
  assert(keys.includes(`cmbook:checklist:competences/junior/:${firstId}`), `unexpected key scheme: ${keys[0]}`);
  assert(Number(before.overall) > 0, "overall percentage did not move");
  await page.screenshot({ path: path.join(artifacts, "checklist-ticked-1280.png"), fullPage: false });
  await page.reload({ waitUntil: "load" });
  const after = await checklistSnapshot(page);
  assert(JSON.stringify(after) === JSON.stringify(before), `state changed after reload:\n${JSON.stringify(before)}\n${JSON.stringify(after)}`);
  noProblems(context);
  await context.storageState({ path: path.join(artifacts, "checklist-storage.json") });
  await context.close();
  return `overall ${after.overall} %; ${after.bars.slice(0, 3).join(", ")}`;
});

await check("checklist: export to a JSON file, reset, import restores the states", async () => {
  const context = await newContext({ storageState: path.join(artifacts, "checklist-storage.json") });
  const page = await context.newPage();
  page.on("dialog", (d) => d.accept());
  await page.goto(origin + CHECKLIST, { waitUntil: "load" });
  const saved = await checklistSnapshot(page);
  assert(Number(saved.overall) > 0, "no saved progress to export");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Exporter" }).click()]);
  const file = path.join(artifacts, "checklist-export.json");
  await download.saveAs(file);
  const exported = JSON.parse(fs.readFileSync(file, "utf8"));
  assert(exported.format === "cmbook-checklist" && exported.page === "competences/junior/", `bad export header: ${JSON.stringify(exported).slice(0, 200)}`);
  assert(Object.keys(exported.states).length === 6, `export has ${Object.keys(exported.states).length} states`);
  await page.getByRole("button", { name: "Réinitialiser" }).click();
  const cleared = await checklistSnapshot(page);
  assert(cleared.overall === "0" && Object.values(cleared.states).every((s) => s === "todo"), "reset did not clear the states");
  await page.locator("[data-import-file]").setInputFiles(file);
  await page.waitForFunction((want) => document.querySelector('[data-progress="all"]').getAttribute("aria-valuenow") === want, saved.overall);
  const restored = await checklistSnapshot(page);
  assert(JSON.stringify(restored) === JSON.stringify(saved), "import did not restore the same states");
  await page.reload({ waitUntil: "load" });
  assert(JSON.stringify(await checklistSnapshot(page)) === JSON.stringify(saved), "imported states were not saved");
  // the career map (its drawn path and its list) shows the reader's progress for this checklist
  await page.goto(origin + "/etapes/", { waitUntil: "load" });
  const ladderText = await page.locator(`.map-wide .map-progress[data-checklist-url$="${CHECKLIST}"] .map-progress-text`).textContent();
  assert(ladderText.includes(`${saved.overall} %`), `map shows “${ladderText}”, expected ${saved.overall} %`);
  const listText = await page.locator(`.map-details .step-progress[data-checklist-url$="${CHECKLIST}"] .step-progress-text`).textContent();
  assert(listText.includes(`${saved.overall} %`), `map list shows “${listText}”, expected ${saved.overall} %`);
  await page.screenshot({ path: path.join(artifacts, "ladder-progress-1280.png"), fullPage: false });
  noProblems(context);
  await context.close();
  return `ladder: ${ladderText.trim()}`;
});

await check("checklist: without JavaScript it is a readable list", async () => {
  const context = await newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await page.goto(origin + CHECKLIST, { waitUntil: "load" });
  const items = await page.locator("li.checklist-item").count();
  const visibleTools = await page.locator(".cl-tools").isVisible();
  const firstText = (await page.locator("li.checklist-item").first().innerText()).trim();
  assert(items > 0 && !visibleTools && firstText.length > 10, "no-JS checklist is not a plain list");
  await page.screenshot({ path: path.join(artifacts, "checklist-nojs-375.png"), fullPage: false });
  noProblems(context);
  await context.close();
  return `${items} items`;
});

await check("career map: ticking an item shows progress on the drawn map at 375 px, and on the stage page", async () => {
  const context = await newContext({ viewport: { width: 375, height: 900 } });
  const page = await context.newPage();
  await page.goto(origin + "/competences/stagiaire/", { waitUntil: "load" });
  await page.locator("li.checklist-item.is-interactive").first().getByRole("checkbox", { name: "Fait", exact: true }).check();
  await page.goto(origin + "/etapes/", { waitUntil: "load" });
  assert(await page.locator(".map-tall").isVisible(), "the tall map is not the one shown at 375 px");
  const text = await page.locator('.map-tall .map-progress[data-checklist-url$="/competences/stagiaire/"] .map-progress-text').textContent();
  assert(/^[1-9]\d* % fait/.test(text), `map progress reads “${text}”`);
  const untouched = await page.locator('.map-tall .map-progress[data-checklist-url$="/competences/senior/"] .map-progress-text').textContent();
  assert(untouched === "Pas commencée", `untouched stage reads “${untouched}”`);
  await page.screenshot({ path: path.join(artifacts, "career-map-progress-375.png"), fullPage: true });
  await page.goto(origin + "/parcours/stagiaire/", { waitUntil: "load" });
  const glance = await page.locator(".stage-glance .step-progress-text").textContent();
  assert(glance.includes("% fait"), `stage page progress reads “${glance}”`);
  noProblems(context);
  await context.close();
  return `map: ${text}; stage page: ${glance}`;
});

// ---------------------------------------------------------------- dark mode
await check("dark mode: the toggle persists across pages, without a flash", async () => {
  const context = await newContext();
  const page = await context.newPage();
  await page.goto(origin + "/", { waitUntil: "load" });
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await bg();
  const toggle = page.locator(".theme-toggle");
  assert(await toggle.getAttribute("aria-pressed") === "false", "toggle pressed in light mode");
  await toggle.click();
  const dark = await bg();
  assert(dark !== light, "background did not change");
  assert(await toggle.getAttribute("aria-pressed") === "true", "toggle not pressed after switching to dark");
  await page.goto(origin + "/metier/e-reputation/", { waitUntil: "commit" });
  await page.waitForSelector("body");
  const early = await page.evaluate(() => document.documentElement.getAttribute("data-theme"));
  assert(early === "dark", `theme not applied before paint on the next page (data-theme=${early})`);
  await page.waitForLoadState("load");
  assert(await bg() === dark, "dark background not kept on the next page");
  await page.screenshot({ path: path.join(artifacts, "article-dark-1280.png"), fullPage: false });
  await page.locator(".theme-toggle").click();
  assert(await bg() === light, "toggling back did not restore light");
  // system preference is followed when the reader never chose
  const sys = await newContext({ colorScheme: "dark" });
  const p2 = await sys.newPage();
  await p2.goto(origin + "/", { waitUntil: "load" });
  const sysBg = await p2.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert(sysBg === dark, `system dark preference not followed (${sysBg})`);
  noProblems(context);
  noProblems(sys);
  await sys.close();
  await context.close();
  return `light ${light} → dark ${dark}`;
});

// ---------------------------------------------------------------- every page kind
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
async function runAxe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  }, AXE_TAGS);
}

for (const { kind, path: p } of PAGES) {
  await check(`${kind} (${p}): no console error or failed request; axe light + dark; screenshots`, async () => {
    const notes = [];
    for (const [scheme, width] of [["light", 1280], ["dark", 375]]) {
      const context = await newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(origin + p, { waitUntil: "load" });
      assert(await page.locator("html").getAttribute("lang") === "fr", "lang attribute missing");
      assert(await page.locator("main").count() === 1, "no single <main> landmark");
      const violations = await runAxe(page);
      report.axe[`${kind}/${scheme}`] = violations;
      const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert(bad.length === 0, `axe (${scheme}): ${bad.map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.targets.join(", ")}`).join("; ")}`);
      notes.push(`${scheme}: ${violations.length ? violations.map((v) => `${v.impact} ${v.id}`).join(", ") : "0 violations"}`);
      noProblems(context);
      await context.close();
    }
    for (const width of [320, 375, 1280]) {
      const context = await newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(origin + p, { waitUntil: "load" });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 1, `page scrolls sideways by ${overflow}px at ${width}px`);
      if (width !== 320) {
        const file = path.join(artifacts, `${kind}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        report.screenshots.push(path.basename(file));
      }
      noProblems(context);
      await context.close();
    }
    return notes.join("; ");
  });
}

await check("search: open with results, light + dark at 1280 + 375 px: a text combobox, axe clean, screenshots", async () => {
  const notes = [];
  for (const scheme of ["light", "dark"]) {
    for (const width of [1280, 375]) {
      const context = await newContext({ colorScheme: scheme, viewport: { width, height: 800 } });
      const page = await context.newPage();
      await page.goto(origin + "/metier/e-reputation/", { waitUntil: "load" });
      await page.keyboard.press("/");
      await page.keyboard.type("crise", { delay: 10 });
      await page.locator('[role="option"]').first().waitFor({ state: "visible" });
      const input = await page.evaluate(() => {
        const el = document.activeElement;
        return { type: el.type, role: el.getAttribute("role"), expanded: el.getAttribute("aria-expanded"), controls: el.getAttribute("aria-controls") };
      });
      // HTML allows role=combobox with aria-expanded on a text input, not on type=search.
      assert(input.type === "text" && input.role === "combobox" && input.expanded === "true", `search input: ${JSON.stringify(input)}`);
      const listbox = await page.evaluate((id) => document.getElementById(id)?.getAttribute("role"), input.controls);
      assert(listbox === "listbox", `aria-controls names #${input.controls}, role ${listbox}`);
      const violations = await runAxe(page);
      const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert(bad.length === 0, `axe (${scheme}, ${width}px, results open): ${bad.map((v) => `${v.impact} ${v.id} at ${v.targets.join(", ")}`).join("; ")}`);
      await page.screenshot({ path: path.join(artifacts, `search-open-${scheme}-${width}.png`) });
      notes.push(`${scheme} ${width}: ${await page.locator('[role="option"]').count()} results`);
      noProblems(context);
      await context.close();
    }
  }
  return notes.join("; ");
});

await check("404: a missing URL answers 404 with the search box", async () => {
  const context = await newContext();
  context.allow404 = new Set([origin + "/cette-page-n-existe-pas/"]);
  const page = await context.newPage();
  const res = await page.goto(origin + "/cette-page-n-existe-pas/", { waitUntil: "load" });
  assert(res.status() === 404, `status ${res.status()}`);
  assert((await page.locator("h1").textContent()).includes("introuvable"), "not the 404 page");
  const search = page.locator("[data-search][data-primary] .search-input");
  await search.click();
  await search.type("crise", { delay: 10 });
  await page.locator('[role="option"]').first().waitFor({ state: "visible" });
  // Chromium logs the document's own 404 on the console: that one is expected.
  context.problems = context.problems.filter((m) => !m.includes("status of 404"));
  noProblems(context);
  await context.close();
});

// ---------------------------------------------------------------- glossary tooltips (issue #20)
await check("glossary: a term's tooltip shows on keyboard focus, light + dark at 1280 + 375 px, axe clean, Escape hides it", async () => {
  const notes = [];
  for (const scheme of ["light", "dark"]) {
    for (const width of [1280, 375]) {
      const context = await newContext({ colorScheme: scheme, viewport: { width, height: 800 } });
      const page = await context.newPage();
      await page.goto(origin + "/metier/e-reputation/", { waitUntil: "load" });
      const first = page.locator(".content .gloss-term").first();
      const tipId = await first.getAttribute("aria-describedby");
      const tip = page.locator(`[id="${tipId}"]`);
      assert(await tip.getAttribute("role") === "tooltip", `#${tipId} is not a tooltip`);
      assert(await first.getAttribute("title") === null, "a title attribute on the term link");
      assert(!(await tip.isVisible()), "the tooltip shows before focus");
      // Tab through the page, as a keyboard user does, until the first term has focus.
      let reached = false;
      for (let i = 0; i < 120 && !reached; i++) {
        await page.keyboard.press("Tab");
        reached = await first.evaluate((el) => el === document.activeElement);
      }
      assert(reached, "the term link is never reached with Tab");
      await tip.waitFor({ state: "visible" });
      const box = await tip.boundingBox();
      assert(box && box.x >= 0 && box.x + box.width <= width + 1, `tooltip outside the viewport: ${JSON.stringify(box)}`);
      const text = (await tip.textContent()).trim();
      assert(text.length > 20, `tooltip text: ${text}`);
      const violations = await runAxe(page);
      const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert(bad.length === 0, `axe (${scheme}, ${width}px, tooltip open): ${bad.map((v) => `${v.impact} ${v.id} at ${v.targets.join(", ")}`).join("; ")}`);
      await page.screenshot({ path: path.join(artifacts, `glossary-tip-${scheme}-${width}.png`) });
      await page.keyboard.press("Escape");
      assert(!(await tip.isVisible()), "Escape leaves the tooltip shown");
      notes.push(`${scheme} ${width}: ${text.slice(0, 30)}…`);
      noProblems(context);
      await context.close();
    }
  }
  // Without JavaScript the term is a plain link to its entry.
  const context = await newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(origin + "/metier/e-reputation/", { waitUntil: "load" });
  const href = await page.locator(".content .gloss-term").first().getAttribute("href");
  assert(/\/glossaire\/#[a-z0-9-]+$/.test(href), `term link without JavaScript: ${href}`);
  await page.goto(new URL(href, origin + "/metier/e-reputation/").href, { waitUntil: "load" });
  const id = href.split("#")[1];
  assert(await page.locator(`h3[id="${id}"]`).count() === 1, `no entry #${id} on the glossary page`);
  noProblems(context);
  await context.close();
  return notes.join("; ");
});

await check("keyboard: the skip link is the first stop and moves focus to <main>", async () => {
  const context = await newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await page.goto(origin + "/metier/e-reputation/", { waitUntil: "load" });
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => ({ text: document.activeElement.textContent.trim(), visible: document.activeElement.getBoundingClientRect().top >= 0 }));
  assert(first.text === "Aller au contenu" && first.visible, `first tab stop: ${JSON.stringify(first)}`);
  await page.keyboard.press("Enter");
  const focused = await page.evaluate(() => document.activeElement.id);
  assert(focused === "contenu", `focus went to #${focused}`);
  // the menu button opens the navigation on small screens
  const menu = page.locator(".menu-toggle");
  await menu.click();
  assert(await page.locator("#site-nav").isVisible(), "menu did not open");
  await page.screenshot({ path: path.join(artifacts, "menu-open-375.png") });
  noProblems(context);
  await context.close();
});

await check("print: article, checklist and section print without site chrome", async () => {
  const context = await newContext();
  const page = await context.newPage();
  const sizes = [];
  for (const p of ["/metier/e-reputation/", CHECKLIST, "/metier/"]) {
    await page.goto(origin + p, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    const hidden = await page.evaluate(() => [".site-header", ".site-footer", ".toc", ".search"].every((s) => {
      const el = document.querySelector(s);
      return !el || getComputedStyle(el).display === "none";
    }));
    assert(hidden, `site chrome still visible when printing ${p}`);
    const pdf = await page.pdf({ format: "A4" });
    sizes.push(`${p} ${Math.round(pdf.length / 1024)} KiB`);
    fs.writeFileSync(path.join(artifacts, `print-${p.replace(/\W+/g, "-").replace(/^-|-$/g, "")}.pdf`), pdf);
    await page.emulateMedia({ media: "screen" });
  }
  noProblems(context);
  await context.close();
  return sizes.join(", ");
});

// sidebar, one-tap checklist, sticky progress, code copy, first paragraph above the fold
await (await import("./reader.mjs")).readerChecks({ check, assert, newContext, noProblems, runAxe, origin, artifacts, CHECKLIST });
await (await import("./languages.mjs")).languageChecks({ check, assert, newContext, noProblems, runAxe, origin, artifacts });

// page weight of an article: HTML + CSS + JS as served
{
  const file = (rel) => fs.statSync(path.join(siteDir, rel)).size;
  const html = file("metier/e-reputation/index.html");
  const css = file("style.css");
  const js = file("site.js");
  report.weights.article = { html, css, js, total: html + css + js };
}

await browser.close();
server.close();
fs.writeFileSync(path.join(artifacts, "report.json"), JSON.stringify(report, null, 2));
const failed = results.filter((r) => !r.ok).length;
const w = report.weights.article;
console.log(`article page weight: ${w.total} bytes (HTML ${w.html}, CSS ${w.css}, JS ${w.js})`);
console.log(`artifacts: ${artifacts}`);
console.log(`browser: ${results.length - failed} passed, ${failed} failed`);
clearTimeout(watchdog);
process.exit(failed ? 1 : 0);
