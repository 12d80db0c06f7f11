// Bytes the browser downloads for a first search query on a built site, through the theme's
// real search box in headless Chromium: everything fetched from pagefind/ (the index) from
// loading the page to the answer shown.
// Usage (from tests/browser, where playwright-core is installed):
//   node ../../benches/search_first_query.mjs <site-dir> <port> <query> [<query> ...]
// The site must be built with --base-url http://127.0.0.1:<port>/. Prints, per query, the
// files fetched and their total size as served (no HTTP compression; Pagefind's chunks are
// gzipped already).
import { createRequire } from "node:module";
// playwright-core is resolved from the working folder (tests/browser), not from benches/.
const { chromium } = createRequire(process.cwd() + "/")("playwright-core");
import { serve } from "../tests/browser/serve.mjs";

const [siteDir, portArg, ...queries] = process.argv.slice(2);
const origin = `http://127.0.0.1:${Number(portArg)}`;
const { server } = await serve(siteDir, Number(portArg));
const browser = await chromium.launch({
  executablePath: process.env.CMBOOK_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  for (const query of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const fetched = [];
    page.on("response", async (res) => {
      if (!res.url().includes("/pagefind/")) return;
      try { fetched.push({ url: res.url().replace(origin, ""), bytes: (await res.body()).length }); } catch { /* redirect */ }
    });
    await page.goto(origin + "/", { waitUntil: "load" });
    const input = page.locator("[data-search][data-primary] .search-input");
    await input.fill(query);
    await page.waitForFunction(() => {
      const b = document.querySelector("[data-search][data-primary]");
      return !b.hasAttribute("aria-busy") && b.querySelector(".search-status").textContent !== "";
    }, null, { timeout: 60_000 });
    await page.waitForTimeout(200);
    const total = fetched.reduce((n, f) => n + f.bytes, 0);
    const shown = await page.locator('[role="option"]').count();
    console.log(`${query}: ${fetched.length} files, ${total} bytes, ${shown} results`);
    for (const f of fetched) console.log(`  ${f.bytes}\t${f.url}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
