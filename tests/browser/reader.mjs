// Browser checks of the reading aids (issue #21 parts 2 and 6), called by run.mjs with its helpers:
// the section sidebar (collapsed on phones, a column on wide screens, with and without
// JavaScript), term pages filtered by kind, one-tap "fait" and the sticky progress bar of
// checklists, the copy button of code blocks, where the first paragraph and a case study's
// "Contexte" start at 375 px, old taxonomy URLs, and axe on the new pieces.
import path from "node:path";

const ARTICLE = "/metier/e-reputation/";
const LONG_TITLE_ARTICLE = "/metier/communautes-privees/";
const CASE_STUDY = "/etudes-de-cas/united-breaks-guitars-2009/";
const TERM = "/mots-cles/carriere/";
const CODE_PAGE = "/a-propos/";
const PHONE = { width: 375, height: 667 };

export async function readerChecks({ check, assert, newContext, noProblems, runAxe, origin, artifacts, CHECKLIST }) {
  const shot = (page, name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: false });
  const axeClean = async (page, what) => {
    const bad = (await runAxe(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
    assert(bad.length === 0, `axe on ${what}: ${bad.map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.targets.join(", ")}`).join("; ")}`);
  };

  await check("sidebar: collapsed on a phone, opens with one tap, current page marked; a column at 1280 px, with and without JS; axe light + dark", async () => {
    const notes = [];
    for (const scheme of ["light", "dark"]) {
      const phone = await newContext({ viewport: PHONE, colorScheme: scheme, hasTouch: true, isMobile: true });
      const page = await phone.newPage();
      await page.goto(origin + ARTICLE, { waitUntil: "load" });
      const current = page.locator('.section-sidebar a[aria-current="page"]');
      assert(await current.count() === 1, `expected one current page in the sidebar, found ${await current.count()}`);
      assert(!(await current.isVisible()), "the sidebar list is open on a phone before any tap");
      const summary = page.locator(".sidebar-summary");
      const box = await summary.boundingBox();
      assert(box.height >= 44, `the sidebar summary is ${box.height}px high, under a 44px target`);
      await summary.tap();
      assert(await current.isVisible(), "one tap on the summary did not open the sidebar");
      assert((await current.getAttribute("href")).endsWith(ARTICLE), "the current page of the sidebar is not this page");
      await shot(page, `sidebar-open-375-${scheme}`);
      // run.mjs checks the article with axe closed at 375 px (dark) and open at 1280 px (light)
      if (scheme === "light") await axeClean(page, "the open sidebar at 375 px");
      noProblems(phone);
      await phone.close();

      const wide = await newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme });
      const desk = await wide.newPage();
      await desk.goto(origin + ARTICLE, { waitUntil: "load" });
      const side = desk.locator(".section-sidebar");
      const sideBox = await side.boundingBox();
      const bodyBox = await desk.locator(".article-body").boundingBox();
      assert(await desk.locator('.section-sidebar a[aria-current="page"]').isVisible(), "sidebar list hidden at 1280 px");
      assert(sideBox.x + sideBox.width <= bodyBox.x, "the sidebar is not a column left of the text at 1280 px");
      await shot(desk, `sidebar-1280-${scheme}`);
      if (scheme === "dark") await axeClean(desk, "the sidebar at 1280 px (dark)");
      noProblems(wide);
      await wide.close();
      notes.push(`${scheme}: ${Math.round(sideBox.width)}px column`);
    }
    const noJs = await newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto(origin + ARTICLE, { waitUntil: "load" });
    assert(await page.locator('.section-sidebar a[aria-current="page"]').isVisible(), "without JavaScript the sidebar list is hidden at 1280 px");
    noProblems(noJs);
    await noJs.close();
    return notes.join("; ");
  });

  await check("phone 375 px: the first paragraph starts in the first screen, a case study's Contexte within a screen and a half", async () => {
    const context = await newContext({ viewport: PHONE });
    const page = await context.newPage();
    const tops = [];
    for (const p of [ARTICLE, LONG_TITLE_ARTICLE, CASE_STUDY]) {
      await page.goto(origin + p, { waitUntil: "load" });
      const top = await page.evaluate(() => Math.round(document.querySelector(".content > p").getBoundingClientRect().top + scrollY));
      tops.push(`${p} ${top}px`);
      if (p === CASE_STUDY) {
        const contexte = await page.evaluate(() => {
          const h = [...document.querySelectorAll(".content h2")].find((e) => /Contexte/.test(e.textContent));
          return h && Math.round(h.getBoundingClientRect().top + scrollY);
        });
        assert(contexte && contexte < 1.5 * PHONE.height, `“Contexte” starts at ${contexte}px, beyond a screen and a half (${1.5 * PHONE.height}px)`);
        tops.push(`Contexte ${contexte}px`);
        await page.screenshot({ path: path.join(artifacts, "case-study-top-375.png"), fullPage: false });
      } else {
        assert(top < PHONE.height, `the first paragraph of ${p} starts at ${top}px, below the first screen (${PHONE.height}px)`);
      }
    }
    noProblems(context);
    await context.close();
    return tops.join(", ");
  });

  await check("checklist: one tap on a 44 px box marks an item fait; the progress bar sticks to the top on a phone", async () => {
    const context = await newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto(origin + CHECKLIST, { waitUntil: "load" });
    const item = page.locator("li.checklist-item.is-interactive").first();
    const target = item.locator(".item-done");
    const box = await target.boundingBox();
    assert(box.width >= 44 && box.height >= 44, `the "fait" target is ${box.width}×${box.height}px, under 44×44`);
    await target.tap();
    assert(await item.getAttribute("data-state") === "fait", "one tap did not mark the item fait");
    assert(await item.getByRole("checkbox", { name: "Fait" }).isChecked(), "the checkbox is not checked after the tap");
    const sticky = page.locator(".cl-sticky");
    const text = (await sticky.locator(".cl-sticky-text").textContent()).trim();
    assert(/^\d+ % · 1\/\d+$/.test(text), `sticky bar reads “${text}”`);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    await page.waitForTimeout(100);
    const stuck = await sticky.boundingBox();
    assert(await sticky.isVisible() && Math.abs(stuck.y) <= 1, `the progress bar is at ${stuck && stuck.y}px after scrolling, not stuck at the top`);
    await shot(page, "checklist-sticky-375");
    // tapping again undoes it
    await target.tap();
    assert(await item.getAttribute("data-state") === "todo", "a second tap did not undo fait");
    await page.evaluate(() => localStorage.clear());
    noProblems(context);
    await context.close();
    const wide = await newContext();
    const desk = await wide.newPage();
    await desk.goto(origin + CHECKLIST, { waitUntil: "load" });
    assert(!(await desk.locator(".cl-sticky").isVisible()), "the sticky copy shows at 1280 px beside the summary");
    noProblems(wide);
    await wide.close();
    return `target ${box.width}×${box.height}px; sticky: “${text}”`;
  });

  await check("code blocks: a language label, and a copy button that copies the code (none without JS)", async () => {
    const context = await newContext();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
    const page = await context.newPage();
    await page.goto(origin + CODE_PAGE, { waitUntil: "load" });
    const pre = page.locator(".content pre.code").first();
    const lang = await pre.getAttribute("data-lang");
    const label = await pre.evaluate((el) => getComputedStyle(el, "::before").content);
    assert(label === `"${lang}"`, `the language label reads ${label}, not "${lang}"`);
    const button = page.locator(".code-copy").first();
    const name = (await button.textContent()).trim();
    assert(name.startsWith("Copier le code"), `the copy button is named “${name}”`);
    await button.click();
    await page.locator(".code-copy", { hasText: "Copié" }).first().waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const code = await pre.evaluate((el) => el.querySelector("code").textContent.replace(/\n$/, ""));
    assert(copied === code, `copied ${JSON.stringify(copied.slice(0, 60))}, the block holds ${JSON.stringify(code.slice(0, 60))}`);
    await shot(page, "code-copy-1280");
    await axeClean(page, "code blocks with copy buttons");
    noProblems(context);
    await context.close();
    const noJs = await newContext({ javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(origin + CODE_PAGE, { waitUntil: "load" });
    assert(await plain.locator(".code-copy").count() === 0, "a copy button without JavaScript");
    await noJs.close();
    return `${lang}: ${copied.length} characters copied`;
  });

  await check("code blocks: the copy button speaks the page's strings (English ones make it English)", async () => {
    // No English page of the handbook holds code yet: the French page is served with the
    // interface strings of an English page (#ui-strings) in place of its own.
    const english = await (await fetch(origin + "/en/about/")).text();
    const strings = english.match(/<script type="application\/json" id="ui-strings">.*?<\/script>/s);
    assert(strings, "no #ui-strings on the English about page");
    const context = await newContext();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
    const page = await context.newPage();
    await page.route(origin + CODE_PAGE, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(/<script type="application\/json" id="ui-strings">.*?<\/script>/s, strings[0]);
      await route.fulfill({ response, body });
    });
    await page.goto(origin + CODE_PAGE, { waitUntil: "load" });
    const buttons = page.locator(".code-copy");
    const first = (await buttons.first().textContent()).trim();
    assert(/^Copy the \w+ code$/.test(first), `the first copy button is named “${first}”`);
    const second = (await buttons.nth(1).textContent()).trim();
    assert(/^Copy the \w+ code, block 2$/.test(second), `the second copy button is named “${second}”`);
    await buttons.first().click();
    await page.locator(".code-copy", { hasText: "Copied" }).first().waitFor();
    // announce() fills its live region 50 ms after the click
    await page.locator('p.visually-hidden[role="status"]', { hasText: "Code copied to the clipboard." }).waitFor({ timeout: 2000 });
    noProblems(context);
    await context.close();
    return `“${first}”, “${second}”`;
  });

  await check("term page: pages grouped by kind, a filter with JS (all shown without); old taxonomy URLs redirect", async () => {
    const context = await newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(origin + TERM, { waitUntil: "load" });
    const groups = page.locator("[data-kind-group]");
    const kinds = await groups.evaluateAll((els) => els.map((e) => e.getAttribute("data-kind-group")));
    assert(kinds.length >= 2, `expected several kinds on ${TERM}, found ${kinds.join(", ")}`);
    const only = kinds[1];
    await page.locator(`.kind-filter button[data-kind="${only}"]`).click();
    const visible = await groups.evaluateAll((els) => els.filter((e) => !e.hidden).map((e) => e.getAttribute("data-kind-group")));
    assert(visible.length === 1 && visible[0] === only, `filter ${only} shows ${visible.join(", ")}`);
    assert(await page.locator(`.kind-filter button[data-kind="${only}"]`).getAttribute("aria-pressed") === "true", "the chosen filter is not pressed");
    await shot(page, "term-filtered-375");
    await axeClean(page, "a filtered term page");
    await page.goto(origin + "/sectors/luxe/", { waitUntil: "load" });
    await page.waitForURL(/\/secteurs\/luxe\/$/);
    noProblems(context);
    await context.close();
    const noJs = await newContext({ javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(origin + TERM, { waitUntil: "load" });
    const shown = await plain.locator("[data-kind-group]:visible").count();
    assert(shown === kinds.length && !(await plain.locator(".kind-filter").isVisible()), "without JavaScript some group is hidden or the filter shows");
    await noJs.close();
    return `kinds ${kinds.join(", ")}; /sectors/luxe/ → /secteurs/luxe/`;
  });
}
