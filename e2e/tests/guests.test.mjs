// A guest's walk-through in a real browser: invited by e-mail through a real SMTP server, sets a
// password, sees only their space, and gets 404 on another space and on the people directory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlein, startSmtp, launchChromium, axe, login, databases, DEMO } from '../lib/plein.mjs';

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

for (const db of databases()) {
  test(`guest invited by e-mail on ${db}`, async (t) => {
    const smtp = await startSmtp();
    const plein = await startPlein(db, smtp.env);
    t.after(async () => { await plein.stop(); smtp.stop(); });
    const base = plein.url;

    // The demo employee helps lead "Project Nieuw Gemeentehuis", which allows guests.
    const owner = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const op = await owner.newPage();
    await login(op, base, DEMO.employee);
    await op.goto(`${base}/teams?toon=mijn`);
    await op.click('text=Project Nieuw Gemeentehuis');
    const spaceUrl = op.url();
    await op.click('.section-nav >> text=Leden');
    await op.fill('#invite-email', 'Ingrid.Ingenieur@adviesbureau.example');
    await op.selectOption('#invite-lang', 'nl');
    await op.click('form[action$="/gasten"] button');
    assert.match(await op.textContent('[role=status]'), /De uitnodiging is verstuurd/);
    assert.deepEqual(await axe(op, `${db} space page with invite form`), []);

    let mail;
    for (let i = 0; i < 50 && !mail; i++) {
      mail = smtp.messages().find((m) => m.includes('ingrid.ingenieur@adviesbureau.example'));
      if (!mail) await new Promise((ok) => setTimeout(ok, 100));
    }
    assert.ok(mail, 'the invitation arrived at the SMTP server');
    assert.match(mail, /Project Nieuw Gemeentehuis/);
    // Mail clients undo quoted-printable line folding; so do we.
    const text = mail.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    const link = /(http:\/\/\S+\/uitnodiging\/\S+)/.exec(text)[1];

    const guest = await browser.newContext({ viewport: { width: 375, height: 667 } });
    const gp = await guest.newPage();
    await gp.goto(link);
    assert.match(await gp.textContent('h1'), /Uitnodiging voor Project Nieuw Gemeentehuis/);
    assert.deepEqual(await axe(gp, `${db} invitation form`), []);
    await gp.fill('#name', 'Ingrid Ingenieur');
    await gp.fill('#new_password', 'Bruggen-bouwen-over-de-Eem');
    await gp.fill('#repeat_password', 'Bruggen-bouwen-over-de-Eem-x');
    await gp.click('form[action^="/uitnodiging/"] button');
    assert.match(await gp.textContent('#repeat_password-error'), /niet gelijk/);
    assert.deepEqual(await axe(gp, `${db} invitation form with errors`), []);
    await gp.fill('#new_password', 'Bruggen-bouwen-over-de-Eem');
    await gp.fill('#repeat_password', 'Bruggen-bouwen-over-de-Eem');
    await gp.click('form[action^="/uitnodiging/"] button');
    assert.equal(gp.url(), spaceUrl);
    assert.match(await gp.textContent('main'), /Jouw rol: Gast/);

    await gp.goto(`${base}/teams`);
    const names = await gp.$$eval('.space-card__name', (els) => els.map((e) => e.textContent.trim()));
    assert.deepEqual(names, ['Project Nieuw Gemeentehuis'], 'the guest sees only their space');
    const other = await gp.goto(`${base}/teams/1`);
    assert.equal(other.status(), 404);
    const people = await gp.goto(`${base}/mensen`);
    assert.equal(people.status(), 404, 'no people directory for guests');

    // The link is spent.
    const again = await gp.goto(link);
    assert.equal(again.status(), 404);
    assert.match(await gp.textContent('h1'), /Uitnodiging niet geldig/);
    assert.deepEqual(await axe(gp, `${db} invitation no longer valid`), []);

    // The owner sees the guest, labelled external, with an expiry date.
    await op.goto(`${spaceUrl}/leden`);
    const member = await op.textContent('.member-list');
    assert.match(member, /Ingrid Ingenieur/);
    assert.match(member, /extern/);
    assert.match(member, /toegang tot/);
    await owner.close();
    await guest.close();
  });
}
