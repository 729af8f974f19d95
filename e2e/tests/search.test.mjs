// Search in a real browser: the box in the header by keyboard, the results page with its filters,
// axe-core at phone, iPad and desktop sizes (light and dark), a new post found within seconds, and
// the screenshots of the results page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startPlein, launchChromium, axe, login, databases, DEMO, VIEWPORTS } from '../lib/plein.mjs';

const shots = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

/** Searches until the results page shows a hit (the index is built in the background at first start). */
async function searchUntilFound(page, base, query, seconds = 30) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    await page.goto(`${base}/zoeken?q=${encodeURIComponent(query)}`);
    if (await page.locator('.search-hit').count() > 0) return;
    if (Date.now() > until) assert.fail(`nothing found for ${query} within ${seconds} s`);
    await page.waitForTimeout(250);
  }
}

for (const db of databases()) {
  test(`search on ${db}`, async (t) => {
    const plein = await startPlein(db, { PLEIN_MAIL__MODE: 'off' });
    t.after(async () => { await plein.stop(); });
    const base = plein.url;

    await t.test('the header box by keyboard, the results and their filters', async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await login(page, base, DEMO.employee);
      await searchUntilFound(page, base, 'omgevingswet');
      await page.goto(`${base}/`);
      await page.focus('#site-zoeken');
      await page.keyboard.type('omgevingswet');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/zoeken\?q=omgevingswet/);
      assert.ok(await page.locator('.search-hit').count() > 0, 'hits for a word of the demo');
      assert.ok(await page.locator('.search-hit b').count() > 0, 'the word is marked in the hits');
      // The kinds are links: Teams narrows to teams, and says so.
      const teams = page.locator('.search-kinds a', { hasText: 'Teams' });
      await teams.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/soort=team/);
      assert.equal(await page.getAttribute('.search-kinds a[aria-current="page"]', 'href'), await teams.getAttribute('href'));
      const kinds = await page.locator('.search-hit__kind').allTextContents();
      assert.ok(kinds.length > 0 && kinds.every((k) => k.startsWith('Team')), `only teams: ${kinds}`);
      await context.close();
    });

    await t.test('suggestions as you type, chosen by keyboard', async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await login(page, base, DEMO.employee);
      await searchUntilFound(page, base, 'kerstborrel');
      await page.goto(`${base}/`);
      await page.focus('#site-zoeken');
      await page.keyboard.type('kerstbo');
      const list = page.locator('.site-search [role="listbox"]');
      await list.waitFor({ state: 'visible' });
      assert.equal(await page.getAttribute('#site-zoeken', 'aria-expanded'), 'true');
      const options = await list.locator('[role="option"]').allTextContents();
      assert.ok(options.some((o) => o.includes('#kerstborrel')), `the topic is suggested: ${options}`);
      assert.ok(options.at(-1).includes('Alle resultaten voor'), `the last one searches: ${options}`);
      // Nothing is chosen until an arrow is pressed; then Enter goes to the one chosen.
      assert.equal(await page.getAttribute('#site-zoeken', 'aria-activedescendant'), null);
      await page.keyboard.press('ArrowDown');
      const chosen = await page.getAttribute('#site-zoeken', 'aria-activedescendant');
      assert.ok(chosen, 'an option is active');
      await page.screenshot({ path: resolve(shots, 'search-suggestions.png') }).catch(() => {});
      assert.deepEqual(await axe(page, `${db} search suggestions`), []);
      await page.keyboard.press('Escape');
      assert.equal(await list.isVisible(), false, 'Escape closes the list');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.type('r');
      await list.waitFor({ state: 'visible' });
      await page.keyboard.press('ArrowDown');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.ok(!page.url().endsWith('/'), `went to the suggestion: ${page.url()}`);
      // Narrowing the results by period, without a script.
      await page.goto(`${base}/zoeken?q=kerstborrel`);
      await page.selectOption('#zoek-periode', 'jaar');
      await Promise.all([page.waitForNavigation(), page.click('.search-narrow button[type="submit"]')]);
      assert.match(page.url(), /periode=jaar/);
      assert.ok(await page.locator('.search-hit').count() > 0, 'the demo wrote within the year');
      await context.close();
    });

    await t.test('a new post is found within seconds', async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await login(page, base, DEMO.employee);
      await page.goto(`${base}/`);
      await page.fill('#body', 'Wie weet waar de fietsenstalling-sleutels liggen? Zoekwoord kwartelkoning.');
      await Promise.all([page.waitForNavigation(), page.click('.composer > button[type="submit"]')]);
      const started = Date.now();
      await searchUntilFound(page, base, 'kwartelkoning', 8);
      const took = Date.now() - started;
      // The index follows each second; the rest is page loads of a debug build under test.
      assert.ok(took < 4000, `found after ${took} ms`);
      await context.close();
    });

    for (const vp of VIEWPORTS) {
      for (const scheme of ['light', 'dark']) {
        await t.test(`the results page at ${vp.name} size, ${scheme}, is accessible`, async () => {
          const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, colorScheme: scheme });
          const page = await context.newPage();
          await login(page, base, DEMO.employee);
          await searchUntilFound(page, base, 'duurzaamheid');
          assert.deepEqual(await axe(page, `${db} search ${vp.name} ${scheme}`), []);
          await page.goto(`${base}/zoeken?q=${encodeURIComponent('xqzwv onvindbaar')}`);
          assert.ok(await page.isVisible('.empty-state'), 'a helpful empty state');
          assert.deepEqual(await axe(page, `${db} search empty ${vp.name} ${scheme}`), []);
          if (db === 'sqlite' && scheme === 'light') {
            await searchUntilFound(page, base, 'duurzaamheid');
            mkdirSync(shots, { recursive: true });
            await page.screenshot({ path: resolve(shots, `search-${vp.name}.png`) });
          }
          await context.close();
        });
      }
    }
  });
}
