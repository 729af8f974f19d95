// News and branding in a real browser: an editor writes an item for a group with read
// confirmation; an employee in the group confirms from the start page (without the item's page);
// the editor's report with its chart, CSV and reminder; a reader reports a colleague's comment on an item
// and the editor rejects the report from the moderation queue; an administrator changes the intranet's
// name and colours, which every page shows at once; axe-core at phone, iPad and desktop sizes in
// the light and the dark theme, with the demo's colours; and the screenshots the README shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startPlein, launchChromium, axe, login, databases, DEMO, VIEWPORTS } from '../lib/plein.mjs';

const shots = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

async function screenshot(page, name, fullPage = false) {
  mkdirSync(shots, { recursive: true });
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: resolve(shots, `${name}.png`), fullPage });
}

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

for (const db of databases()) {
  test(`news and branding on ${db}`, async (t) => {
    const plein = await startPlein(db, { PLEIN_MAIL__MODE: 'off' });
    t.after(async () => { await plein.stop(); });
    const base = plein.url;
    let itemUrl;

    await t.test('an editor writes news for a group, asking for read confirmation', async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await login(page, base, DEMO.admin);
      await page.goto(`${base}/nieuws/redactie`);
      assert.deepEqual(await axe(page, `${db} news desk`), []);
      await page.click('a[href="/nieuws/nieuw"]');
      await page.fill('#title', 'Nieuwe inlogprocedure balie');
      await page.fill('#lead', 'Vanaf maandag logt de balie in met de pas.');
      await page.fill('#body', 'Houd je **pas** bij de hand. Vragen? Bel de ICT Servicedesk.');
      await page.fill('#category', 'ICT');
      await page.fill('#on_behalf_of', 'Afdeling ICT');
      await page.check('#audience-groups');
      await page.check('label:has-text("Afdeling Burgerzaken") >> xpath=preceding-sibling::input');
      await page.check('#confirmation');
      assert.deepEqual(await axe(page, `${db} news form`), []);
      await page.click('form.news-form button[type="submit"]');
      await page.waitForURL(/\/nieuws\/\d+\?ok=nieuws-opgeslagen/);
      itemUrl = page.url().split('?')[0];
      assert.match(await page.textContent('h1'), /Nieuwe inlogprocedure balie/);
      assert.match(await page.textContent('main'), /namens Afdeling ICT/);
      assert.match(await page.textContent('main'), /Voor Afdeling Burgerzaken/);
      await context.close();
    });

    await t.test('an employee in the group confirms from the start page, by keyboard', async () => {
      const context = await browser.newContext({ viewport: { width: 375, height: 667 } });
      const page = await context.newPage();
      await login(page, base, DEMO.employee);
      // Announced through the job queue: in the notifications within seconds.
      for (let i = 0; i < 40; i++) {
        await page.goto(`${base}/meldingen`);
        if ((await page.textContent('main')).includes('Nieuwe inlogprocedure balie')) break;
        await page.waitForTimeout(250);
      }
      assert.match(await page.textContent('main'), /Nieuws: Nieuwe inlogprocedure balie/);
      await page.goto(`${base}/`);
      const confirm = page.locator('.home-news__confirm li', { hasText: 'Nieuwe inlogprocedure balie' }).locator('button');
      await confirm.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/ok=bevestigd/);
      assert.match(await page.textContent('.news-confirm'), /Je hebt bevestigd/);
      // Liking and commenting on the item, by keyboard: the page updates in place.
      const like = page.locator('.news-item .action--like');
      await like.focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('.news-item .action--like[aria-pressed="true"]');
      await page.focus('#reactie');
      await page.keyboard.type('Geldt dit ook voor de avondopenstelling?');
      await page.click('#reageren button[type="submit"]');
      await page.waitForSelector('.comment-list .comment__body:has-text("avondopenstelling")');
      // The counts beside the item follow at once, and after a reload as well.
      assert.match(await page.textContent('.news-item .actions-row'), /Eén reactie/);
      await page.reload();
      assert.match(await page.textContent('.news-item .actions-row'), /Eén keer leuk/);
      assert.match(await page.textContent('.news-item .actions-row'), /Eén reactie/);
      assert.deepEqual(await axe(page, `${db} news item with comments`), []);
      await page.goto(`${base}/nieuws/te-bevestigen`);
      assert.doesNotMatch(await page.textContent('main'), /Nieuwe inlogprocedure balie/);
      await context.close();
    });

    await t.test('the report with its chart, per group, the CSV and a reminder', async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
      const page = await context.newPage();
      await login(page, base, DEMO.admin);
      await page.goto(`${itemUrl}/rapport?wie=iedereen`);
      assert.match(await page.textContent('.report-summary'), /1 van \d+ mensen hebben bevestigd/);
      assert.equal(await page.locator('.report-chart svg rect').count() > 0, true, 'the chart has a bar');
      assert.match(await page.textContent('.report-groups'), /Afdeling Burgerzaken/);
      assert.deepEqual(await axe(page, `${db} news report`), []);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="/rapport.csv"]')]);
      assert.match(download.suggestedFilename(), /^leesbevestiging-\d+-v1\.csv$/);
      // The reminder asks first (a dialog with JavaScript), then goes through the job queue.
      await page.click('form[action$="/herinneren"] button');
      await page.waitForSelector('dialog[open]');
      await page.click('dialog[open] button:has-text("Herinnering sturen")');
      await page.waitForURL(/ok=herinnerd/);
      assert.match(await page.textContent('.notice-banner'), /herinnering wordt verstuurd/);
      // The demo's item at 80%, with its history of confirmations.
      await page.goto(`${base}/nieuws`);
      await page.click('a:has-text("Nieuwe werkplekregeling")');
      await page.click('a:has-text("Leesbevestigingen")');
      assert.match(await page.textContent('.report-summary__big'), /^(7[5-9]|8\d)%$/);
      if (db === 'sqlite') await screenshot(page, 'news-report', true);
      await context.close();
    });

    await t.test('a reader reports a colleague\'s comment on news; the editor decides in the moderation queue', async () => {
      // On a phone: no report link under one's own comment, one under a colleague's on the newest demo item.
      const readerContext = await browser.newContext({ viewport: { width: 375, height: 667 } });
      const reader = await readerContext.newPage();
      await login(reader, base, DEMO.employee);
      await reader.goto(itemUrl);
      const own = reader.locator('.comment__main', { hasText: 'Geldt dit ook voor de avondopenstelling?' });
      assert.equal(await own.count(), 1);
      assert.equal(await own.locator('a[href$="/melden"]').count(), 0, 'no report link under one\'s own comment');
      await reader.goto(`${base}/nieuws`);
      await reader.locator('.news-card', { hasNotText: 'Nieuwe inlogprocedure balie' }).first().locator('h2 a, h3 a').first().click();
      const title = (await reader.textContent('h1')).trim();
      const theirs = reader.locator('.comment__main:has(a[href$="/melden"])').first();
      await theirs.locator('summary').click();
      await theirs.locator('a[href$="/melden"]').click();
      await reader.waitForURL(/\/reacties\/\d+\/melden$/);
      assert.deepEqual(await axe(reader, `${db} report a comment on news`), []);
      await reader.click('form.card button[type="submit"]');
      assert.equal(await reader.getAttribute('#reden', 'aria-invalid'), 'true', 'a report needs a reason');
      assert.equal(await reader.locator('#reden-error').count(), 1);
      await reader.fill('#reden', 'Dit klopt niet met de regeling.');
      await reader.click('form.card button[type="submit"]');
      await reader.waitForURL(/\/nieuws\/\d+\?ok=gemeld#reactie-\d+$/);
      const reported = reader.url();
      await readerContext.close();
      // The editor finds it in the queue, named by its item, and rejects the report: the comment stays.
      const editorContext = await browser.newContext({ viewport: { width: 820, height: 1180 } });
      const editor = await editorContext.newPage();
      await login(editor, base, DEMO.admin);
      await editor.goto(`${base}/moderatie`);
      const report = editor.locator('article.report', { hasText: 'Dit klopt niet met de regeling.' });
      assert.match(await report.textContent(), new RegExp(`bij nieuws: ${title}`));
      assert.deepEqual(await axe(editor, `${db} moderation queue with a news comment`), []);
      await report.locator('textarea').fill('De reactie is in orde.');
      await report.locator('button[value="dismiss"]').click();
      await editor.waitForURL(/\/moderatie/);
      assert.equal(await editor.locator('article.report', { hasText: 'Dit klopt niet met de regeling.' }).count(), 0);
      await editor.goto(reported);
      const anchor = new URL(reported).hash;
      assert.equal(await editor.locator(`${anchor} .comment__body`).count() > 0, true, 'a rejected report leaves the comment');
      await editorContext.close();
    });

    await t.test('news pages at three sizes, light and dark, in the demo colours', async () => {
      for (const colorScheme of ['light', 'dark']) {
        for (const viewport of VIEWPORTS) {
          const context = await browser.newContext({ viewport, colorScheme });
          const page = await context.newPage();
          await login(page, base, DEMO.employee);
          for (const [path, label] of [['/', 'home'], ['/nieuws', 'news'], [itemUrl.replace(base, ''), 'news item'], ['/nieuws/te-bevestigen', 'to confirm']]) {
            await page.goto(`${base}${path}`);
            assert.deepEqual(await axe(page, `${db} ${label} ${colorScheme}`), [], `${label} ${viewport.name} ${colorScheme}`);
            if (db === 'sqlite' && colorScheme === 'light' && label === 'news') await screenshot(page, `news-${viewport.name}`);
          }
          // The newest item of the demo, with its colleagues' comments and likes.
          await page.goto(`${base}/nieuws`);
          await page.click('.news-card a >> nth=0');
          await page.waitForSelector('#reacties');
          assert.deepEqual(await axe(page, `${db} demo news item ${colorScheme}`), [], `demo item ${viewport.name} ${colorScheme}`);
          if (db === 'sqlite' && colorScheme === 'light') await screenshot(page, `news-item-${viewport.name}`, viewport.name === 'desktop');
          await context.close();
        }
      }
    });

    await t.test('an administrator changes the name and colours; every page shows it at once', async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await login(page, base, DEMO.admin);
      await page.goto(`${base}/beheer/huisstijl`);
      assert.deepEqual(await axe(page, `${db} branding`), []);
      // A pale header is refused, with the pair and its ratio named; nothing changes.
      await page.fill('#header_colour', '#9fc5e8');
      await page.click('form[action="/beheer/huisstijl"] button[type="submit"]');
      assert.match(await page.textContent('#header_colour-error'), /kopbalkkleur.*contrast 1,\d+:1.*4,5:1/);
      assert.deepEqual(await axe(page, `${db} branding refused`), []);
      await page.fill('#name', 'Samen@Work');
      await page.fill('#primary_colour', '#6b2c91');
      await page.fill('#header_colour', '#4a1f66');
      await page.click('form[action="/beheer/huisstijl"] button[type="submit"]');
      await page.waitForURL(/ok=huisstijl-opgeslagen/);
      assert.equal(await page.textContent('.brand__name'), 'Samen@Work');
      const header = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor);
      assert.equal(header, 'rgb(74, 31, 102)');
      if (db === 'sqlite') await screenshot(page, 'branding');
      // Another browser, logged out: the login page has the new name and colours too.
      const other = await browser.newContext({ viewport: { width: 375, height: 667 } });
      const visitor = await other.newPage();
      await visitor.goto(`${base}/inloggen`);
      assert.match(await visitor.title(), /Samen@Work/);
      assert.deepEqual(await axe(visitor, `${db} login branded`), []);
      await other.close();
      await context.close();
    });
  });
}
