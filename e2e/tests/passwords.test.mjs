// A forgotten password in a real browser: the link goes out through a real SMTP server, the user
// sets a new password, is logged in, and the old password stops working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlein, startSmtp, launchChromium, axe, login, openMenu, databases, DEMO } from '../lib/plein.mjs';

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

for (const db of databases()) {
  test(`forgotten password on ${db}`, async (t) => {
    const smtp = await startSmtp();
    const plein = await startPlein(db, smtp.env);
    t.after(async () => { await plein.stop(); smtp.stop(); });
    const base = plein.url;

    const context = await browser.newContext({ viewport: { width: 820, height: 1180 } });
    const page = await context.newPage();
    await page.goto(`${base}/inloggen`);
    await page.click('text=Wachtwoord vergeten?');
    await page.fill('#login', DEMO.employee);
    await page.click('form[action="/wachtwoord-vergeten"] button');
    assert.match(await page.textContent('[role=status]'), /e-mail met een link onderweg/);

    let mail;
    for (let i = 0; i < 100 && !mail; i++) {
      mail = smtp.messages().find((m) => m.includes('/wachtwoord-instellen/'));
      if (!mail) await new Promise((ok) => setTimeout(ok, 100));
    }
    assert.ok(mail, 'the link arrived at the SMTP server');
    const text = mail.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    assert.match(text, /Hallo Mila de Vries/);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/wachtwoord-instellen\/\S+)/.exec(text)[1];

    await page.goto(link);
    assert.match(await page.textContent('h1'), /Wachtwoord instellen/);
    assert.deepEqual(await axe(page, `${db} set password`), []);
    await page.fill('#new_password', 'welkom123456');
    await page.fill('#repeat_password', 'welkom123456');
    await page.click('form[action^="/wachtwoord-instellen/"] button');
    assert.ok(await page.$('#new_password-error'), 'a weak password is refused');
    assert.deepEqual(await axe(page, `${db} set password with errors`), []);
    await page.fill('#new_password', 'Schaatsen-op-het-Nuldernauw-5');
    await page.fill('#repeat_password', 'Schaatsen-op-het-Nuldernauw-5');
    await page.click('form[action^="/wachtwoord-instellen/"] button');
    assert.equal(new URL(page.url()).pathname, '/account');
    assert.match(await page.textContent('[role=status]'), /wachtwoord is gewijzigd/i);

    await openMenu(page);
    await page.click('form[action="/uitloggen"] button');
    await login(page, base, DEMO.employee);
    assert.match(await page.textContent('[role=alert]'), /klopt niet/, 'the old password no longer works');
    await login(page, base, DEMO.employee, 'Schaatsen-op-het-Nuldernauw-5');
    assert.equal(new URL(page.url()).pathname, '/');
    await context.close();
  });
}
