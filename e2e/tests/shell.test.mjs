// The page shell in a real browser: log in and out, switch language, keyboard, no JavaScript,
// and axe-core (WCAG 2.1 AA) on every page at phone, iPad and desktop sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlein, launchChromium, axe, login, openMenu, databases, DEMO, VIEWPORTS } from '../lib/plein.mjs';

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

for (const db of databases()) {
  test(`page shell on ${db}`, async (t) => {
    const plein = await startPlein(db);
    t.after(() => plein.stop());
    const base = plein.url;

    for (const vp of VIEWPORTS) {
      await t.test(`every page is WCAG 2.1 AA clean at ${vp.name} (${vp.width}x${vp.height})`, async () => {
        const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
        const page = await context.newPage();
        const cspErrors = [];
        page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });
        const check = async (label) => {
          const violations = await axe(page, `${db} ${vp.name} ${label}`);
          assert.deepEqual(violations, [], `${label} at ${vp.name}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `${label} scrolls sideways by ${overflow}px at ${vp.name}`);
        };

        await page.goto(`${base}/`);
        assert.match(page.url(), /\/inloggen\?next=%2F$/);
        assert.equal(await page.getAttribute('html', 'lang'), 'nl');
        await check('login');

        await login(page, base, DEMO.employee, 'niet-het-goede-wachtwoord');
        assert.match(await page.textContent('[role=alert]'), /klopt niet/);
        await check('login with an error');

        await page.goto(`${base}/toegankelijkheid`);
        await check('accessibility statement (logged out)');

        await page.goto(`${base}/inloggen`);
        await page.click('a[href="/wachtwoord-vergeten"]');
        assert.match(await page.textContent('h1'), /Wachtwoord vergeten/);
        await check('forgot password');
        await page.fill('#login', 'iemand-die-er-niet-is');
        await page.press('#login', 'Enter');
        await page.waitForSelector('[role=status]');
        assert.match(await page.textContent('[role=status]'), /Als dit bij een account hoort/);
        await check('forgot password, sent');
        await page.goto(`${base}/wachtwoord-instellen/verlopen-of-verzonnen`);
        assert.match(await page.textContent('h1'), /Deze link werkt niet meer/);
        await check('password link no longer valid');

        await login(page, base, DEMO.employee);
        assert.equal(new URL(page.url()).pathname, '/');
        assert.match(await page.textContent('h1'), /Welkom, Mila de Vries/);
        assert.match(await page.textContent('.whoami'), /Mila de Vries/);
        await check('home');

        await page.goto(`${base}/account`);
        await check('account');
        await page.fill('#current_password', DEMO.password);
        await page.fill('#new_password', 'welkom123456');
        await page.fill('#repeat_password', 'iets-anders');
        await page.click('form[action="/account/wachtwoord"] button');
        assert.match(await page.textContent('#repeat_password-error'), /niet gelijk/);
        await check('account with form errors');

        await page.goto(`${base}/teams`);
        assert.match(await page.textContent('h1'), /Teams en groepen/);
        await check('space directory');
        await page.selectOption('#soort', 'project');
        await page.selectOption('#toon', 'open');
        await page.click('form.filters button');
        assert.match(page.url(), /soort=project&toon=open/);
        await page.fill('#naam', 'gemeentehuis');
        await page.click('form.filters button');
        assert.match(await page.textContent('main'), /Project Nieuw Gemeentehuis/);
        await check('space directory, filtered');
        await page.goto(`${base}/teams?toon=alle&naam=afdeling`);
        await page.click('text=Afdeling Ruimte');
        assert.match(await page.textContent('main'), /Alleen leden zien wat hier gebeurt/);
        await check('closed space, not a member');
        await page.goto(`${base}/teams/nieuw`);
        await page.click('form[action="/teams"] button');
        assert.match(await page.textContent('#name-error'), /verplicht/);
        await check('new space with errors');
        await page.fill('#name', `Werkgroep ${vp.name}`);
        await page.fill('#description', 'Samen werken aan een toegankelijk intranet.');
        await page.selectOption('#kind', 'workgroup');
        await page.check('#visibility-closed');
        await page.click('form[action="/teams"] button');
        assert.equal(await page.textContent('h1'), `Werkgroep ${vp.name}`);
        assert.match(await page.textContent('main'), /Jouw rol: Eigenaar/);
        await check('space page (owner)');
        await page.click('.section-nav >> text=Leden');
        assert.match(await page.textContent('main'), /Collega toevoegen/);
        await check('space members (owner)');
        await page.click('.section-nav >> text=Over');
        await check('space about (owner)');
        await page.click('a[href$="/instellingen"]');
        assert.equal(await page.inputValue('#name'), `Werkgroep ${vp.name}`);
        await check('space settings');

        await openMenu(page);
        await page.click('.site-nav >> text=Mensen');
        await check('people directory');
        await page.click('.pager a[rel=next]');
        assert.match(page.url(), /na_id=/);
        await check('people directory, next page');
        await page.click('.pager >> text=Eerste pagina');
        await page.fill('#expertise', 'privacy');
        await page.click('form.filters button');
        assert.match(await page.textContent('.result-count'), /personen|persoon/);
        await page.click('.person-card__name a');
        assert.match(await page.textContent('main'), /Vraag me over/);
        await check('a profile');
        await page.goto(`${base}/account/profiel`);
        await page.fill('#phone', 'bel me');
        await page.click('form[action="/account/profiel"] button');
        assert.match(await page.textContent('#phone-error'), /geen geldige waarde/);
        await check('own profile with errors');
        await page.fill('#phone', '0341 12 34 56');
        await page.selectOption('#birthday_day', '31');
        await page.selectOption('#birthday_month', '4');
        await page.click('form[action="/account/profiel"] button');
        assert.match(await page.textContent('#birthday-error'), /geen geldige waarde/);
        await check('own profile with an impossible birthday');

        await page.goto(`${base}/bestaat-niet`);
        assert.match(await page.textContent('h1'), /Pagina niet gevonden/);
        await check('404');

        await page.goto(`${base}/`);
        await openMenu(page);
        await page.click('button[name=lang][value=en]');
        assert.equal(await page.getAttribute('html', 'lang'), 'en');
        assert.match(await page.textContent('h1'), /Welcome, Mila de Vries/);
        await check('home in English');
        await page.goto(`${base}/account`);
        await check('account in English');

        if (vp.name === 'phone') {
          await openMenu(page);
          for (const el of await page.$$('button:visible, .site-nav__link, .utrecht-textbox, summary:visible')) {
            const box = await el.boundingBox();
            assert.ok(box.height >= 44, `touch target ${await el.evaluate((e) => e.outerHTML.slice(0, 80))} is ${box.height}px high`);
          }
        }

        await openMenu(page);
        await page.click('text=Log out');
        assert.match(page.url(), /\/inloggen\?uitgelogd=1$/);
        assert.match(await page.textContent('[role=status]'), /You have logged out/);
        await check('logged out (English)');
        // Choosing Dutch on the login page makes Dutch the account's language at the next login.
        await page.click('button[name=lang][value=nl]');
        await login(page, base, DEMO.employee);
        assert.equal(await page.getAttribute('html', 'lang'), 'nl');
        await openMenu(page);
        await page.click('form[action="/uitloggen"] button');
        assert.deepEqual(cspErrors, [], 'no Content-Security-Policy violations');
        await context.close();
      });
    }

    await t.test('administration pages are WCAG 2.1 AA clean at every size', async () => {
      for (const vp of VIEWPORTS) {
        const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
        const page = await context.newPage();
        await login(page, base, DEMO.admin);
        const check = async (label) => {
          assert.deepEqual(await axe(page, `${db} ${vp.name} ${label}`), [], `${label} at ${vp.name}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `${label} scrolls sideways by ${overflow}px at ${vp.name}`);
        };
        await openMenu(page);
        await page.click('.site-nav >> text=Beheer');
        await check('administration');
        await page.click('a[href="/beheer/groepen"]');
        await check('groups');
        await page.click('form[action="/beheer/groepen"] button');
        await check('new group with errors');
        await page.click('a:text-is("Medewerkers")');
        assert.match(await page.textContent('main'), /Teams aanmaken/);
        await check('group page');
        await page.goto(`${base}/beheer/gebruikers?zoek=de+vries`);
        assert.match(await page.textContent('main'), /Mila de Vries/);
        await check('users');
        await page.click('form[action="/beheer/gebruikers"] button');
        await check('new user with errors');
        await page.click('td a:text-is("Mila de Vries")');
        assert.equal(await page.inputValue('#display_name'), 'Mila de Vries');
        await check('user page');
        await page.fill('#email', 'geen adres');
        await page.click(`form[action^="/beheer/gebruikers/"] button.utrecht-button--primary-action`);
        assert.ok(await page.$('#email-error'), 'the address is refused');
        await check('user page with errors');
        await page.goto(`${base}/beheer/logboek`);
        assert.match(await page.textContent('main'), /demo\.create/);
        await check('audit log');
        await page.goto(`${base}/beheer/taken`);
        assert.match(await page.textContent('h1'), /Taken/);
        await check('job queue');
        await context.close();
      }
    });

    await t.test('logging out ends the session on the server', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await login(page, base, DEMO.admin);
      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === 'plein_session');
      assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
      assert.equal(session.sameSite, 'Lax');
      await openMenu(page);
      await page.click('form[action="/uitloggen"] button');
      // Put the old cookie back, as a thief would.
      await context.addCookies([session]);
      await page.goto(`${base}/`);
      assert.match(page.url(), /\/inloggen/);
      await context.close();
    });

    await t.test('the language choice is remembered across logins', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await login(page, base, DEMO.admin);
      await page.click('button[name=lang][value=en]');
      await openMenu(page);
      await page.click('form[action="/uitloggen"] button');
      await context.clearCookies();
      const fresh = await browser.newContext();
      const p2 = await fresh.newPage();
      await login(p2, base, DEMO.admin);
      assert.equal(await p2.getAttribute('html', 'lang'), 'en');
      await p2.click('button[name=lang][value=nl]');
      assert.equal(await p2.getAttribute('html', 'lang'), 'nl');
      await fresh.close();
      await context.close();
    });

    await t.test('everything works by keyboard: skip link first, login with Enter', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}/inloggen`);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.classList.contains('utrecht-skip-link')), true);
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
      await page.focus('#username');
      await page.keyboard.type(DEMO.employee);
      await page.keyboard.press('Tab');
      await page.keyboard.type(DEMO.password);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/`);
      // The focus outline is visible on links.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, 'none');
      await context.close();
    });

    await t.test('a guest sees only their own space, and 404 elsewhere', async () => {
      const context = await browser.newContext({ viewport: { width: 820, height: 1180 } });
      const page = await context.newPage();
      await login(page, base, 'gast');
      await page.goto(`${base}/teams`);
      const names = await page.$$eval('.space-card__name', (els) => els.map((e) => e.textContent.trim()));
      assert.deepEqual(names, ['Project Nieuw Gemeentehuis']);
      assert.deepEqual(await axe(page, `${db} guest directory`), []);
      await page.click('text=Project Nieuw Gemeentehuis');
      assert.match(await page.textContent('main'), /Jouw rol: Gast/);
      assert.deepEqual(await axe(page, `${db} guest space`), []);
      const other = await page.goto(`${base}/teams/1`);
      assert.equal(other.status(), 404);
      assert.deepEqual(await axe(page, `${db} guest 404`), []);
      await context.close();
    });

    await t.test('everything works without JavaScript', async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await login(page, base, DEMO.employee);
      assert.match(await page.textContent('h1'), /Welkom/);
      await page.click('button[name=lang][value=en]');
      assert.match(await page.textContent('h1'), /Welcome/);
      await page.click('button[name=lang][value=nl]');
      await openMenu(page);
      await page.click('form[action="/uitloggen"] button');
      assert.match(page.url(), /uitgelogd=1/);
      await context.close();
    });
  });
}
