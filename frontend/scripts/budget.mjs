#!/usr/bin/env node
// First-load JavaScript of the Detection Lab from the production build's manifests, gzipped
// (level 9, like Next's own report): the framework chunks, the root layout and the page.
// Prints the sizes; exits 1 when over the budget.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 200;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const next = join(root, '.next');
const build = JSON.parse(readFileSync(join(next, 'build-manifest.json'), 'utf8'));

const gz = (file) => gzipSync(readFileSync(join(next, file)), { level: 9 }).length;

// A page's client chunks, from its client reference manifest (a script that fills
// globalThis.__RSC_MANIFEST[page]): its own entry's and the root layout's.
function pageChunks(page) {
  const sandbox = { globalThis: {} };
  runInNewContext(readFileSync(join(next, 'server/app', `${page}_client-reference-manifest.js`), 'utf8'), sandbox);
  const entries = sandbox.globalThis.__RSC_MANIFEST?.[page]?.entryJSFiles;
  if (!entries?.[`[project]/src/app${page}`]) throw new Error(`no ${page} in the build`);
  return [...(entries['[project]/src/app/layout'] ?? []), ...entries[`[project]/src/app${page}`]];
}

function firstLoad(page) {
  const files = new Set([...build.rootMainFiles, ...pageChunks(page)].filter((f) => f.endsWith('.js')));
  return [...files].reduce((sum, f) => sum + gz(f), 0) / 1024;
}

let failed = false;
for (const page of ['/lab/page', '/lab/[id]/page', '/classify/page', '/catalogue/page', '/models/page', '/account/page']) {
  const kb = firstLoad(page);
  const isLab = page.startsWith('/lab');
  const over = isLab && kb > BUDGET_KB;
  failed ||= over;
  console.log(`BUDGET first-load JS ${page.replace('/page', '') || '/'}: ${kb.toFixed(1)} kB gzipped${isLab ? ` (budget ${BUDGET_KB} kB${over ? ', OVER' : ', ok'})` : ''}`);
}
process.exit(failed ? 1 : 0);
