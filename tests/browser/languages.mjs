// Browser checks of multilingual sites (issue #19), called by run.mjs with its helpers: the
// language switcher lands on the same page in the other language, and checklist progress made
// in French shows on the English checklist (one store per item id, whatever the language).
import path from "node:path";

const FRENCH_CHECKLIST = "/competences/junior/";
const ENGLISH_CHECKLIST = "/en/checklists/junior/";
const UNTRANSLATED = "/metier/e-reputation/";

export async function languageChecks({ check, assert, newContext, noProblems, runAxe, origin, artifacts }) {
  const axeClean = async (page, what) => {
    const bad = (await runAxe(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
    assert(bad.length === 0, `axe on ${what}: ${bad.map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.targets.join(", ")}`).join("; ")}`);
  };

  await check("languages: ticks made in French show on the English checklist after switching language; axe clean", async () => {
    const context = await newContext();
    const page = await context.newPage();
    page.on("dialog", (d) => d.accept());
    await page.goto(origin + FRENCH_CHECKLIST, { waitUntil: "load" });
    const items = page.locator("li.checklist-item.is-interactive");
    await items.nth(0).getByRole("checkbox", { name: "Fait", exact: true }).check();
    await items.nth(2).getByRole("checkbox", { name: "Fait", exact: true }).check();
    const ticked = [await items.nth(0).getAttribute("data-item-id"), await items.nth(2).getAttribute("data-item-id")];
    // the switcher, as a reader uses it
    await page.locator(".lang-switch").getByRole("link", { name: "English" }).click();
    await page.waitForLoadState("load");
    assert(new URL(page.url()).pathname === ENGLISH_CHECKLIST, `the switcher led to ${page.url()}`);
    assert((await page.getAttribute("html", "lang")) === "en", "the English page is not lang=en");
    const english = page.locator("li.checklist-item.is-interactive");
    for (const id of ticked) {
      const item = english.locator(`[data-item-id="${id}"]`).or(page.locator(`li.checklist-item[data-item-id="${id}"]`)).first();
      assert(await item.count() === 1, `item ${id} is missing from the English checklist`);
      const box = page.locator(`li.checklist-item[data-item-id="${id}"]`).getByRole("checkbox").first();
      assert(await box.isChecked(), `item ${id}, ticked in French, is not ticked in English`);
    }
    await page.screenshot({ path: path.join(artifacts, "languages-english-checklist-1280.png"), fullPage: false });
    await axeClean(page, "the English checklist");
    // and back: the French switcher link of the English page lands on the French page
    await page.locator(".lang-switch").getByRole("link", { name: "Français" }).click();
    await page.waitForLoadState("load");
    assert(new URL(page.url()).pathname === FRENCH_CHECKLIST, `back led to ${page.url()}`);
    noProblems(context);
    await context.close();
    return `${ticked.length} ticks shared across fr and en`;
  });

  await check("languages: an untranslated page opens in English chrome with a notice, its text marked French; axe clean", async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(origin + UNTRANSLATED, { waitUntil: "load" });
    await page.locator(".lang-switch").getByRole("link", { name: "English" }).click();
    await page.waitForLoadState("load");
    const url = new URL(page.url()).pathname;
    assert(url.startsWith("/en/"), `the switcher led to ${url}`);
    const notice = page.locator(".notice-untranslated");
    assert(await notice.isVisible(), "no untranslated notice");
    assert((await page.getAttribute("main", "lang")) === "fr", "the French text is not marked lang=fr");
    await page.screenshot({ path: path.join(artifacts, "languages-fallback-1280.png"), fullPage: false });
    await axeClean(page, "an untranslated page in the English site");
    noProblems(context);
    await context.close();
    return url;
  });
}
