// Code block colours in headless Chromium: light, dark by the system preference, dark by the
// reader's toggle, light chosen against a dark system, and print; axe-core's contrast rule on
// every highlighted token in each mode.
// Usage: node tests/browser/code_themes.mjs <site-dir> <port> <artifacts-dir> <page-path>
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const require = createRequire(import.meta.url);
const [siteDir, portArg, artifactsArg, pagePath] = process.argv.slice(2);
if (!siteDir || !portArg || !artifactsArg || !pagePath) {
  console.error("usage: node code_themes.mjs <site-dir> <port> <artifacts-dir> <page-path>");
  process.exit(2);
}
const origin = `http://127.0.0.1:${Number(portArg)}`;
const artifacts = path.resolve(artifactsArg);
fs.mkdirSync(artifacts, { recursive: true });
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const watchdog = setTimeout(() => {
  console.error("code theme checks: overall time limit (90 s) reached");
  process.exit(3);
}, 90_000);
watchdog.unref();

let failures = 0;
async function check(name, fn) {
  try {
    const detail = await fn();
    console.log(`ok   ${name}${detail ? ` — ${detail}` : ""}`);
  } catch (e) {
    failures += 1;
    console.log(`FAIL ${name}\n     ${String(e && e.message || e).split("\n").join("\n     ")}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

const { server } = await serve(siteDir, Number(portArg));
const browser = await chromium.launch({
  executablePath: process.env.CMBOOK_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-quic", "--disable-component-update", "--disable-sync"],
  timeout: 30_000,
});

/**
 * The page in one mode: `scheme` is the system preference, `saved` the reader's choice kept by
 * the theme toggle (as site.js stores it), `media` screen or print. Returns the open page.
 */
async function open({ scheme, saved, media = "screen" }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme, reducedMotion: "reduce" });
  context.setDefaultTimeout(10_000);
  const problems = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + "/") || url.startsWith("data:")) return route.continue();
    problems.push(`request leaving the site: ${url}`);
    return route.abort();
  });
  if (saved) await context.addInitScript((t) => localStorage.setItem("cmbook-theme", t), saved);
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
  page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} for ${r.url()}`));
  await page.goto(origin + pagePath, { waitUntil: "load" });
  await page.emulateMedia({ media });
  page.problems = problems;
  return page;
}

/** Computed colours of the first code block and of every highlighted token, in page order. */
function colours(page) {
  return page.evaluate(() => {
    const pre = document.querySelector("pre.code");
    const style = (el) => getComputedStyle(el);
    const first = (cls) => {
      const el = document.querySelector(`pre.code .${cls}`);
      return el ? style(el).color : null;
    };
    return {
      theme: document.documentElement.getAttribute("data-theme"),
      bg: style(pre).backgroundColor,
      fg: style(pre).color,
      comment: first("hl-comment"),
      string: first("hl-string"),
      tokens: [...document.querySelectorAll("pre.code span")].map((s) => style(s).color),
      // Spans holding letters or digits of their own: the nodes axe's contrast rule judges (it
      // leaves out text of punctuation only).
      texts: [...document.querySelectorAll("pre.code span")]
        .filter((s) => [...s.childNodes].some((n) => n.nodeType === 3 && /[\p{L}\p{N}]/u.test(n.textContent))).length,
    };
  });
}

/** Relative luminance of a computed `rgb(r, g, b)` colour. */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** axe-core's colour-contrast rule on the code blocks only: violations, undecided, passed. */
async function axeContrast(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run({ include: [["pre.code"]] }, { runOnly: { type: "rule", values: ["color-contrast"] } });
    const nodes = (list) => list.flatMap((v) => v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary || n.any.map((a) => a.message).join("; ")}`));
    return { violations: nodes(r.violations), incomplete: nodes(r.incomplete), passed: r.passes.reduce((n, v) => n + v.nodes.length, 0) };
  });
}

const MODES = {
  light: { scheme: "light" },
  "dark-system": { scheme: "dark" },
  "dark-toggle": { scheme: "light", saved: "dark" },
  "light-toggle": { scheme: "dark", saved: "light" },
  "print-from-dark": { scheme: "dark", saved: "dark", media: "print" },
};
const seen = {};
for (const [mode, how] of Object.entries(MODES)) {
  await check(`${mode}: code colours read, axe contrast passes on every token, screenshot`, async () => {
    const page = await open(how);
    const c = await colours(page);
    seen[mode] = c;
    assert(c.tokens.length >= 50 && c.comment && c.string, `too few highlighted tokens: ${JSON.stringify(c).slice(0, 300)}`);
    const axe = await axeContrast(page);
    assert(axe.violations.length === 0, `contrast violations:\n${axe.violations.slice(0, 10).join("\n")}`);
    assert(axe.incomplete.length === 0, `contrast undecided:\n${axe.incomplete.slice(0, 10).join("\n")}`);
    assert(axe.passed >= c.texts, `axe passed only ${axe.passed} nodes for ${c.texts} spans of text`);
    if (how.media === "print") {
      fs.writeFileSync(path.join(artifacts, `code-${mode}.pdf`), await page.pdf({ format: "A4" }));
    } else {
      await page.locator("pre.code").nth(0).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(artifacts, `code-${mode}-1280.png`), fullPage: true });
    }
    assert(page.problems.length === 0, page.problems.join("\n"));
    await page.context().close();
    return `pre ${c.bg} / ${c.fg}, comment ${c.comment}; axe: ${axe.passed} nodes pass (${c.texts} spans of text)`;
  });
}

await check("the modes agree: dark differs from light; the reader's choice beats the system; print is light", async () => {
  const { light, "dark-system": darkSystem, "dark-toggle": darkToggle, "light-toggle": lightToggle, "print-from-dark": print } = seen;
  assert(light && darkSystem && darkToggle && lightToggle && print, "a mode failed to load");
  assert(luminance(light.bg) > 0.8, `light code background is not light: ${light.bg}`);
  assert(luminance(darkSystem.bg) < 0.1, `dark code background is not dark: ${darkSystem.bg}`);
  for (const key of ["bg", "fg", "comment", "string"]) {
    assert(light[key] !== darkSystem[key], `${key} is ${light[key]} in both light and dark`);
  }
  const same = (a, b) => JSON.stringify({ ...a, theme: null }) === JSON.stringify({ ...b, theme: null });
  assert(light.theme === null && darkToggle.theme === "dark" && lightToggle.theme === "light", "the saved choice did not reach data-theme");
  assert(same(darkToggle, darkSystem), "the dark toggle and the dark system preference give different colours");
  assert(same(lightToggle, light), "choosing light under a dark system does not give the light colours");
  assert(same(print, light), "printing in dark mode does not give the light colours");
  const changed = light.tokens.filter((t, i) => t !== darkSystem.tokens[i]).length;
  assert(changed >= light.tokens.length * 0.9, `only ${changed} of ${light.tokens.length} tokens change colour in dark mode`);
  return `${changed} of ${light.tokens.length} tokens change colour`;
});

await browser.close();
server.close();
console.log(`artifacts: ${artifacts}`);
clearTimeout(watchdog);
process.exit(failures ? 1 : 0);
