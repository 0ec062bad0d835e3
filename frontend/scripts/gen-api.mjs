#!/usr/bin/env node
// Generates src/lib/api-schema.ts (types, openapi-typescript) and src/lib/api-forms.ts (the
// documented form fields of the upload operations, as data the forms are drawn from) from the
// backend's /openapi.json.
//   node scripts/gen-api.mjs [--url URL | --bin PATH/TO/exodetect] [--check]
// --bin starts `exodetect serve` on a free loopback port just to read the document.
// --check writes nothing and exits 1 when the committed file differs from what the backend
// describes now (the API types are stale: run `npm run gen:api -- --bin ../build/exodetect`).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import openapiTS, { astToString } from 'openapi-typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(root, 'src/lib/api-schema.ts');
const formsFile = join(root, 'src/lib/api-forms.ts');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const check = args.includes('--check');

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

async function fetchDoc(url, deadlineMs) {
  const until = Date.now() + deadlineMs;
  let last;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return await res.json();
      last = new Error(`${url}: HTTP ${res.status}`);
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw last ?? new Error(`${url}: no answer`);
}

async function loadDoc() {
  const url = opt('--url');
  if (url) return fetchDoc(url, 15000);
  const bin = resolve(opt('--bin') ?? join(root, '../build/exodetect'));
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'exodetect-openapi-'));
  const child = spawn(bin, ['serve', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: resolve(root, '..'),
    env: { ...process.env, EXODETECT_DATA_DIR: dataDir, LOG_LEVEL: 'error', EXODETECT_ENV: 'development' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    return await fetchDoc(`http://127.0.0.1:${port}/openapi.json`, 30000);
  } finally {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const doc = await loadDoc();
const header = '// Generated from the exodetect API /openapi.json by scripts/gen-api.mjs. Do not edit.\n\n';
const text = header + astToString(await openapiTS(doc, { alphabetize: true, arrayLength: true }));

// A schema with its $ref (#/components/schemas/Name) followed.
const resolveRef = (schema) =>
  schema?.$ref ? doc.components?.schemas?.[schema.$ref.split('/').pop()] ?? {} : schema ?? {};

// The fields of an operation's request body of `contentType` other than its files, in the
// document's order, with what a form needs to draw and bound them.
function formFields(path, method, contentType = 'multipart/form-data') {
  const schema = resolveRef(doc.paths?.[path]?.[method]?.requestBody?.content?.[contentType]?.schema);
  return Object.entries(schema.properties ?? {})
    .filter(([, p]) => p.format !== 'binary' && p.items?.format !== 'binary')
    .map(([name, p]) => {
      const f = { name, type: p.type ?? 'string' };
      for (const k of ['description', 'default', 'minimum', 'maximum', 'enum']) if (p[k] !== undefined) f[k] = p[k];
      return f;
    });
}
// The upload's columns that a batch prediction's CSV answer keeps (x-kept-input-columns).
function keptInputColumns() {
  const kept = doc.paths?.['/api/v1/predict/batch']?.post?.responses?.['200']?.content?.['text/csv']?.['x-kept-input-columns'];
  if (!Array.isArray(kept) || !kept.length) throw new Error('openapi.json: predictBatch names no x-kept-input-columns');
  return kept;
}
const forms =
  header +
  `import type { FormField } from './form-field';\n\n` +
  `/** POST /api/v1/searches: the documented fields besides the light curve files. */\n` +
  `export const SEARCH_FIELDS: readonly FormField[] = ${JSON.stringify(formFields('/api/v1/searches', 'post'), null, 2)};\n\n` +
  `/** POST /api/v1/models/train: the training options (JSON body). */\n` +
  `export const TRAIN_FIELDS: readonly FormField[] = ${JSON.stringify(formFields('/api/v1/models/train', 'post', 'application/json'), null, 2)};\n\n` +
  `/** POST /api/v1/predict/batch: the upload's id and disposition columns its CSV answer keeps. */\n` +
  `export const KEPT_INPUT_COLUMNS: readonly string[] = ${JSON.stringify(keptInputColumns())};\n`;

const outputs = [
  [outFile, text],
  [formsFile, forms],
];
if (check) {
  const stale = outputs.filter(([file, want]) => {
    try {
      return readFileSync(file, 'utf8') !== want;
    } catch {
      return true; // missing counts as stale
    }
  });
  if (stale.length) {
    console.error(`API types are stale: ${stale.map(([f]) => f).join(', ')} differ from the backend /openapi.json.`);
    console.error('Regenerate with: (cd frontend && npm run gen:api -- --bin ../build/exodetect)');
    process.exit(1);
  }
  console.log('API types are up to date with /openapi.json.');
} else {
  for (const [file, want] of outputs) {
    writeFileSync(file, want);
    console.log(`wrote ${file} (${want.length} bytes)`);
  }
}
