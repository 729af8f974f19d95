// The social stream in a real browser: an employee mentions a colleague (picked from the
// suggestions with the keyboard), adds a #topic and a poll; the colleague's unread count rises
// live, and they vote, like and comment; the writer is told. A picture goes with its description.
// axe-core checks every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlein, launchChromium, axe, login, databases, DEMO } from '../lib/plein.mjs';

// An 8x6 blue PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAABxZ0isAAAAEUlEQVR4nGOQ8u/GihgGUgIAU2ktwdqQ5GMAAAAASUVORK5CYII=';

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

for (const db of databases()) {
  test(`posting, mentioning, a poll and a live notification on ${db}`, async (t) => {
    const plein = await startPlein(db, { PLEIN_MAIL__MODE: 'off' });
    t.after(async () => { await plein.stop(); });
    const base = plein.url;

    // The colleague waits on the start page, with the live connection open.
    const reader = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await login(reader, base, DEMO.admin);
    await reader.goto(`${base}/`);
    assert.equal(await reader.isVisible('[data-unread]'), false, 'nothing unread yet');

    const writer = await (await browser.newContext({ viewport: { width: 820, height: 1180 } })).newPage();
    await login(writer, base, DEMO.employee);
    await writer.goto(`${base}/`);
    await writer.focus('#body');
    await writer.keyboard.type('Wie komt er koffie drinken, @beheer');
    await writer.waitForSelector('.suggestions [role=option]');
    assert.equal(await writer.getAttribute('#body', 'aria-controls'), await writer.getAttribute('#body + .suggestions', 'id'));
    assert.match(await writer.textContent('.suggestions [aria-selected=true]'), /@beheerder/);
    assert.deepEqual(await axe(writer, `${db} composer with mention suggestions`), []);
    await writer.keyboard.press('Enter');
    assert.match(await writer.inputValue('#body'), /@beheerder $/);
    await writer.keyboard.type('? #Koffie');
    // Two pictures, each with its description (the next slot shows once a file is chosen), and a poll.
    await writer.click('.composer__pictures summary');
    assert.equal(await writer.isVisible('#afbeelding_2'), false, 'one slot at a time');
    const png = { name: 'koffie.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') };
    await writer.setInputFiles('#afbeelding_1', png);
    await writer.fill('#afbeelding_1_tekst', 'Een blauwe koffiemok');
    await writer.waitForSelector('#afbeelding_2', { state: 'visible' });
    assert.equal(await writer.isVisible('#afbeelding_3'), false);
    await writer.setInputFiles('#afbeelding_2', { ...png, name: 'koek.png' });
    await writer.fill('#afbeelding_2_tekst', 'Een koekje op een schoteltje');
    await writer.click('.composer__poll >> nth=1 >> summary');
    await writer.fill('#opties', 'Om tien uur\nOm drie uur');
    await writer.click('form.composer button[type=submit]');
    const post = writer.locator('article.post').first();
    assert.match(await post.textContent(), /Wie komt er koffie drinken/);
    assert.equal(await post.locator('a.mention').textContent(), '@Bea Heerder');
    assert.equal(await post.locator('a.topic').getAttribute('href'), '/onderwerpen/koffie');
    assert.deepEqual(await post.locator('.post__images img').evaluateAll((imgs) => imgs.map((i) => i.alt)),
      ['Een blauwe koffiemok', 'Een koekje op een schoteltje']);
    // Wait for the thumbnail (it may still be on its way when the page is there), then check it decoded.
    const width = await post.locator('.post__images img').first().evaluate((img) => (img.complete
      ? img.naturalWidth
      : new Promise((done) => {
        img.addEventListener('load', () => done(img.naturalWidth), { once: true });
        img.addEventListener('error', () => done(0), { once: true });
      })));
    assert.equal(width, 8, 'the thumbnail loads');
    assert.deepEqual(await axe(writer, `${db} home with a new post and poll`), []);

    // Live: the colleague's count rises without a reload.
    await reader.waitForSelector('[data-unread]:not([hidden])', { timeout: 10_000 });
    assert.equal((await reader.textContent('[data-unread-count]')).trim(), '1');

    await reader.click('a[href="/meldingen"]');
    assert.match(await reader.textContent('main'), /heeft je vermeld/);
    assert.deepEqual(await axe(reader, `${db} notifications`), []);
    await reader.click('.notification__text a');
    assert.match(reader.url(), /\/berichten\/\d+$/);
    await reader.check('input[name=keuze] >> nth=1');
    await reader.click('form[action$="/stemmen"] button');
    assert.match(await reader.textContent('.poll'), /100% \(1\)/);
    await reader.click('form[action$="/vind-ik-leuk"] button >> nth=0');
    await reader.waitForSelector('form[action$="/vind-ik-leuk"] button[aria-pressed=true]');
    await reader.fill('#reactie', 'Ik kom om drie uur!');
    await reader.click('#reageren button[type=submit]');
    await reader.locator('#reacties .comment', { hasText: 'Ik kom om drie uur!' }).waitFor();
    assert.deepEqual(await axe(reader, `${db} post with poll results, like and comment`), []);

    // The topic page shows it to others who may read it.
    await reader.goto(`${base}/onderwerpen/koffie`);
    assert.match(await reader.textContent('main'), /Wie komt er koffie drinken/);
    assert.deepEqual(await axe(reader, `${db} topic page`), []);

    // The writer hears of the like and the comment.
    await writer.goto(`${base}/meldingen`);
    const told = await writer.textContent('.notification-list');
    assert.match(told, /reageerde op je bericht/);
    assert.match(told, /vindt je bericht leuk/);
  });
}
