// Starting Plein and Chromium for the browser tests.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, appendFileSync, mkdirSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const root = resolve(import.meta.dirname, '..', '..');
export const binary = process.env.PLEIN_BIN ?? join(root, 'target', 'debug', 'plein');
export const DEMO = { admin: 'beheerder', employee: 'medewerker', password: 'Voorbeeld-Plein-2026' };
export const VIEWPORTS = [
  { name: 'phone', width: 375, height: 667 },
  { name: 'ipad', width: 820, height: 1180 },
  { name: 'desktop', width: 1440, height: 900 },
];

/** The databases to run against: SQLite always, PostgreSQL when configured (and then required in CI). */
export function databases() {
  const list = ['sqlite'];
  if (process.env.PLEIN_TEST_POSTGRES_URL) list.push('postgres');
  else if (process.env.CI || process.env.PLEIN_TEST_REQUIRE_POSTGRES) {
    throw new Error('PLEIN_TEST_POSTGRES_URL is not set, but the PostgreSQL suite is required');
  }
  return list;
}

function databaseUrl(kind, dir) {
  if (kind === 'sqlite') return { url: `sqlite://${dir}/e2e.db`, cleanup() {} };
  const base = process.env.PLEIN_TEST_POSTGRES_URL;
  // The time in the name keeps a Rust test run starting meanwhile from taking it for a leftover.
  const schema = `plein_t_${Math.floor(Date.now() / 1000)}_e2e${randomBytes(6).toString('hex')}`;
  execFileSync('psql', [base, '-qc', `CREATE SCHEMA ${schema}`]);
  const sep = base.includes('?') ? '&' : '?';
  return {
    url: `${base}${sep}options=-c%20search_path%3D${schema}`,
    cleanup() {
      execFileSync('psql', [base, '-qc', `DROP SCHEMA ${schema} CASCADE`], {
        env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
      });
    },
  };
}

/** Starts `plein serve --demo` on a free port with a fresh database; resolves to { url, stop }. */
export async function startPlein(kind = 'sqlite', env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'plein-e2e-'));
  const db = databaseUrl(kind, dir);
  const child = spawn(binary, ['serve', '--demo', '--bind', '127.0.0.1:0', '--database-url', db.url], {
    env: { ...process.env, PLEIN_CONFIG: join(dir, 'none.toml'), PLEIN_SEARCH__DIR: join(dir, 'zoekindex'), RUST_LOG: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (d) => { output += d; });
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`plein did not start:\n${output}`)), 120_000);
    child.stdout.on('data', (d) => {
      output += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`plein exited (${code}):\n${output}`)); });
  });
  return {
    url,
    async stop() {
      const exited = new Promise((ok) => child.on('exit', ok));
      child.kill('SIGTERM');
      await exited;
      db.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A real SMTP server (Python's aiosmtpd) writing what it receives to a Maildir. */
export async function startSmtp() {
  const dir = mkdtempSync(join(tmpdir(), 'plein-smtp-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn('python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', join(dir, 'maildir')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((ok) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); ok(true); });
      socket.on('error', () => ok(false));
    });
    if (up) break;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  return {
    env: { PLEIN_MAIL__MODE: 'smtp', PLEIN_MAIL__HOST: '127.0.0.1', PLEIN_MAIL__PORT: String(port), PLEIN_MAIL__TLS: 'none', PLEIN_MAIL__FROM: 'Samen@Work <intranet@voorbeeld.nl>' },
    messages() {
      const box = join(dir, 'maildir', 'new');
      if (!existsSync(box)) return [];
      return readdirSync(box).map((f) => readFileSync(join(box, f), 'utf8'));
    },
    stop() { child.kill(); rmSync(dir, { recursive: true, force: true }); },
  };
}

/** Debian's Chromium, headless. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

const resultsFile = resolve(import.meta.dirname, '..', 'axe-results.txt');

/** Runs axe-core (WCAG 2.1 A and AA) on the page; returns the violations and logs a line per check. */
export async function axe(page, label) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const size = page.viewportSize();
  const line = `axe ${label} ${size.width}x${size.height}: ${result.violations.length} violations, ${result.passes.length} rules passed`;
  mkdirSync(resolve(resultsFile, '..'), { recursive: true });
  appendFileSync(resultsFile, line + '\n');
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Opens the header's menu when it is folded behind its button (phone and iPad sizes). */
export async function openMenu(page) {
  if (await page.isVisible('.site-menu__button') && !(await page.$('details.site-menu[open]'))) {
    await page.click('.site-menu__button');
  }
}

/** Logs in through the form. */
export async function login(page, base, username, password = DEMO.password) {
  await page.goto(`${base}/inloggen`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('form[action="/inloggen"] button[type="submit"]');
}
