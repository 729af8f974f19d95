// The product's face in a real browser, by keyboard: the phone menu, the composer's place picker,
// liking without a reload, the "more" menu and the confirmation dialog, adding a colleague to a
// team by name with suggestions; the dark theme; axe-core on every screen, and the screenshots
// the README shows (docs/screenshots/), taken from the demo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startPlein, launchChromium, axe, login, databases, DEMO, VIEWPORTS } from '../lib/plein.mjs';

const shots = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

/** The focused element's text, its tag and its id, for asserting where the focus is. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName, id: el?.id, text: el?.textContent?.trim() ?? '' };
  });
}

async function screenshot(page, name) {
  mkdirSync(shots, { recursive: true });
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: resolve(shots, `${name}.png`) });
}

for (const db of databases()) {
  test(`the face of Plein by keyboard on ${db}`, async (t) => {
    const plein = await startPlein(db, { PLEIN_MAIL__MODE: 'off' });
    t.after(async () => { await plein.stop(); });
    const base = plein.url;

    await t.test('the phone menu opens and closes by keyboard, without covering the page', async () => {
      const context = await browser.newContext({ viewport: { width: 375, height: 667 } });
      const page = await context.newPage();
      await login(page, base, DEMO.employee);
      await page.goto(`${base}/`);
      const header = await page.locator('.site-header').boundingBox();
      assert.ok(header.height <= 64, `a compact header on a phone: ${header.height}px`);
      assert.equal(await page.isVisible('.site-nav'), false, 'the menu is closed');
      await page.keyboard.press('Tab'); // skip link
      await page.keyboard.press('Tab'); // the organisation's name
      await page.keyboard.press('Tab'); // the menu button
      assert.match((await focused(page)).text, /Menu/);
      await page.keyboard.press('Enter');
      assert.equal(await page.isVisible('.site-nav'), true, 'Enter opens the menu');
      assert.deepEqual(await axe(page, `${db} phone menu open`), []);
      await page.keyboard.press('Tab');
      assert.equal((await focused(page)).text, 'Start');
      await page.keyboard.press('Tab');
      assert.equal((await focused(page)).text, 'Nieuws');
      await page.keyboard.press('Tab');
      assert.equal((await focused(page)).text, 'Teams');
      if (db === 'sqlite') await screenshot(page, 'phone-menu');
      await page.keyboard.press('Escape');
      assert.equal(await page.isVisible('.site-nav'), false, 'Escape closes it');
      assert.match((await focused(page)).text, /Menu/, 'and the focus returns to the button');
      // Without JavaScript the same button works (a <details>).
      const plain = await browser.newContext({ viewport: { width: 375, height: 667 }, javaScriptEnabled: false });
      const still = await plain.newPage();
      await login(still, base, DEMO.employee);
      await still.click('.site-menu__button');
      assert.equal(await still.isVisible('.site-nav'), true);
      await plain.close();
      await context.close();
    });

    await t.test('posting in a team picked by keyboard, liking and removing with the dialog', async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await login(page, base, DEMO.employee);
      await page.goto(`${base}/`);
      const first = await page.locator('#plaats option').nth(1).textContent();
      await page.focus('#body');
      await page.keyboard.type('Wie schuift er morgen aan bij de lunch?');
      await page.focus('#plaats');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.$eval('#plaats', (s) => s.selectedOptions[0].textContent), first, 'my most-used team');
      await page.keyboard.press('Tab');
      while (!/Plaatsen/.test((await focused(page)).text)) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.notice-banner');
      assert.match(await page.textContent('[role=status].notice-banner'), /Je bericht is geplaatst/);
      const post = page.locator('article.post', { hasText: 'Wie schuift er morgen aan bij de lunch?' });
      assert.match(await post.locator('.post__meta').textContent(), new RegExp(`in ${first}`));
      assert.deepEqual(await axe(page, `${db} home after posting`), []);

      // Liking happens without a reload, and the focus stays on the button.
      const url = page.url();
      const like = post.locator('button.action--like');
      await like.focus();
      await page.keyboard.press('Enter');
      await post.locator('button.action--like[aria-pressed="true"]').waitFor();
      assert.equal(page.url(), url, 'no page load');
      assert.equal(await like.getAttribute('aria-pressed'), 'true');
      assert.match(await post.textContent(), /Eén keer leuk/);
      assert.equal(await page.evaluate(() => document.activeElement.classList.contains('action--like')), true);

      // Commenting happens without a reload too: the comment appears, the field is empty and keeps the focus.
      const id = (await post.getAttribute('id')).replace('bericht-', '');
      await page.goto(`${base}/berichten/${id}`);
      const postUrl = page.url();
      await page.focus('#reactie');
      await page.keyboard.type('Ik schuif aan!');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.locator('#reacties .comment', { hasText: 'Ik schuif aan!' }).waitFor();
      assert.equal(page.url(), postUrl, 'no page load');
      assert.equal(await page.inputValue('#reactie'), '');
      assert.equal((await focused(page)).text, 'Reageren', 'the focus stays on the button');
      // Said to screen readers through the page's live region.
      await page.waitForFunction(() => /Je reactie is geplaatst/.test(document.querySelector('[data-status]').textContent));
      await page.goto(`${base}/`);

      // The "more" menu: open by keyboard, Escape closes it and returns the focus.
      const more = post.locator('details.more > summary');
      await more.focus();
      await page.keyboard.press('Enter');
      assert.equal(await post.locator('.more__menu').isVisible(), true);
      await page.keyboard.press('Tab');
      assert.match((await focused(page)).text, /Bewerken/);
      await page.keyboard.press('Escape');
      assert.equal(await post.locator('.more__menu').isVisible(), false);
      assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SUMMARY');

      // Removing asks first: a dialog, cancelled with Escape (nothing removed), then confirmed.
      await page.keyboard.press('Enter');
      await post.locator('.more__item--danger').focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('dialog[open]');
      assert.match(await page.textContent('dialog[open] h2'), /Bericht verwijderen\?/);
      assert.match((await focused(page)).text, /Annuleren/, 'the safe answer has the focus');
      assert.deepEqual(await axe(page, `${db} confirmation dialog`), []);
      if (db === 'sqlite') await screenshot(page, 'desktop-confirm');
      await page.keyboard.press('Escape');
      assert.equal(await page.$('dialog[open]'), null);
      assert.match((await focused(page)).text, /Verwijderen/, 'the focus returns to the button');
      assert.equal(await post.count(), 1, 'nothing removed');
      await page.keyboard.press('Enter');
      await page.waitForSelector('dialog[open]');
      await page.keyboard.press('Shift+Tab');
      assert.match((await focused(page)).text, /Verwijderen/);
      await page.keyboard.press('Enter');
      await page.waitForSelector('.notice-banner');
      assert.match(await page.textContent('.notice-banner'), /Het bericht is verwijderd/);
      assert.equal(await page.locator('article.post', { hasText: 'Wie schuift er morgen aan' }).count(), 0);
      await context.close();
    });

    await t.test('an owner adds a colleague by name, picked from suggestions by keyboard', async () => {
      const context = await browser.newContext({ viewport: { width: 820, height: 1180 } });
      const page = await context.newPage();
      await login(page, base, DEMO.employee);
      await page.goto(`${base}/teams?naam=Project+Nieuw+Gemeentehuis`);
      await page.click('h2.space-card__name a >> text="Project Nieuw Gemeentehuis"');
      await page.click('.section-nav >> text=Leden');
      assert.match(page.url(), /\/teams\/\d+\/leden$/);
      await page.focus('#add-member');
      await page.keyboard.type('van');
      await page.waitForSelector('#add-member[aria-expanded=true]');
      const options = page.locator('.suggestions [role=option]');
      assert.ok(await options.count() >= 2, 'several colleagues fit');
      assert.deepEqual(await axe(page, `${db} member suggestions`), []);
      await page.keyboard.press('ArrowDown');
      const chosen = (await page.textContent('.suggestions [aria-selected=true]')).trim();
      const name = await page.locator('.suggestions [aria-selected=true]').evaluate((li) => li.dataset.name);
      assert.ok(chosen.startsWith(name));
      await page.keyboard.press('Enter');
      assert.equal(await page.inputValue('#add-member'), name, 'Enter picks, it does not send');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.notice-banner');
      assert.match(await page.textContent('.notice-banner'), /toegevoegd/);
      await page.fill('#zoek-lid', name);
      await page.press('#zoek-lid', 'Enter');
      assert.match(await page.textContent('#leden .member-list'), new RegExp(name));
      if (db === 'sqlite') await screenshot(page, 'ipad-team-members');
      await context.close();
    });

    await t.test('screens at three sizes, in the light and the dark theme', async () => {
      for (const colorScheme of ['light', 'dark']) {
        for (const viewport of VIEWPORTS) {
          const context = await browser.newContext({ viewport, colorScheme });
          const page = await context.newPage();
          await login(page, base, DEMO.employee);
          for (const [path, label] of [['/', 'home'], ['/teams', 'teams'], ['/mensen', 'people']]) {
            await page.goto(`${base}${path}`);
            assert.deepEqual(await axe(page, `${db} ${label} ${colorScheme}`), [], `${label} ${viewport.name} ${colorScheme}`);
            if (db === 'sqlite' && colorScheme === 'light' && label === 'home') await screenshot(page, `${viewport.name}-home`);
            if (db === 'sqlite' && colorScheme === 'dark' && label === 'home' && viewport.name === 'desktop') {
              await screenshot(page, 'desktop-home-dark');
            }
          }
          await context.close();
        }
      }
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
      const page = await context.newPage();
      await login(page, base, DEMO.admin);
      for (const path of ['/beheer/logboek', '/beheer/gebruikers']) {
        await page.goto(`${base}${path}`);
        assert.deepEqual(await axe(page, `${db} ${path} dark`), []);
      }
      await page.goto(`${base}/beheer/logboek`);
      assert.match(await page.textContent('main'), /maakte de demo-organisatie aan/);
      if (db === 'sqlite') await screenshot(page, 'desktop-audit-log');
      await context.close();
    });
  });
}
