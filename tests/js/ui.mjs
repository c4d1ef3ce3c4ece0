// Helpers of the end-to-end page tests: selectors, a browser context that records CSP
// violations, axe-core, and filling a form from a dossier the way a citizen would.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { root } from './corpus.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
export const shots = join(root, 'target', 'screenshots');
mkdirSync(shots, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'dossier-ui-'));

/** The form description a page renders (from the validator package the page loaded). */
export function describe(page, kind, lang = 'vi') {
  return page.evaluate(async ([k, l]) => (await import('/app/dossier.js')).core().then((d) => d.describeForm(k, l)), [kind, lang]);
}

export const sel = (id) => `[id="${id}"]`;
export const concrete = (pointer, idx) => { let i = 0; return pointer.replace(/\{i\}/g, () => String(idx[i++])); };
export const idOf = (p) => p.replace(/^\//, '').replaceAll('/', '.');
export const at = (obj, pointer) => pointer.split('/').slice(1).reduce((v, k) => (v == null ? undefined : v[k]), obj);

/** A browser context that records every Content-Security-Policy violation of its pages (the
 * server sends the CSP of SPEC §10 on every page; nothing the pages do may break it). */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext(options);
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return context;
}

export async function assertNoCspViolation(page, name) {
  const csp = await page.evaluate(() => window.__cspViolations ?? []);
  assert.deepEqual(csp, [], `CSP violations on ${name}`);
}

const AXE_SOURCE = readFileSync(AXE, 'utf8');

export async function axe(page, name) {
  // Injected through the DevTools protocol (not a <script> element, which the CSP refuses).
  await page.evaluate(AXE_SOURCE);
  await assertNoCspViolation(page, name);
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(violations, [], `axe violations on ${name}`);
}

/** Fills the fields of a form page with the values of `dossier` (files: a small file of the
 * document's type, uploaded unless `offline`). */
export async function fill(page, fields, dossier, idx, files, offline = false) {
  for (const f of fields) {
    const pointer = concrete(f.pointer, idx);
    const value = at(dossier, pointer);
    if (value === undefined || value === null) continue;
    const id = idOf(pointer);
    if (/^\/documents\/\d+\/(fileName|mediaType|sizeBytes|sha256)$/.test(pointer)) continue;
    switch (f.input) {
      case 'group':
        await fill(page, f.fields, dossier, idx, files, offline);
        break;
      case 'repeat':
        for (let i = 0; i < value.length; i++) {
          if (!(await page.$(sel(`${id}.${i}.${idOf(f.fields[0].pointer.split('/').pop())}`))) && !(await page.$(`[data-pointer="${pointer}/${i}"]`))) {
            await page.click(sel(`${id}-add`));
          }
          if (pointer === '/documents') {
            const doc = value[i];
            const file = join(work, doc.fileName);
            const magic = { 'image/jpeg': Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'image/png': Buffer.from('89504e470d0a1a0a', 'hex') }[doc.mediaType];
            writeFileSync(file, magic ? Buffer.concat([magic, Buffer.from(doc.fileName)]) : `%PDF-1.4\n% ${doc.fileName}\n%%EOF\n`);
            await page.setInputFiles(sel(`documents.${i}.file`), { name: doc.fileName, mimeType: doc.mediaType, buffer: readFileSync(file) });
            await page.waitForFunction((p) => document.querySelector(`[id="documents.${p}.sha256"]`)?.value?.length === 64, i);
            const done = offline ? /Đã lưu tệp trên thiết bị|kept on this device/ : /Đã tải lên|Uploaded/;
            await page.waitForFunction(([p, re]) => new RegExp(re).test(document.querySelector(`[id="documents.${p}.file-status"]`)?.textContent ?? ''), [i, done.source]);
            files.push(doc.fileName);
          }
          await fill(page, f.fields, dossier, [...idx, i], files, offline);
        }
        break;
      case 'radio':
        await page.check(`[name="${id}"][value="${String(value)}"]`);
        break;
      case 'checkboxes':
        for (const v of value) await page.check(`[name="${id}"][value="${String(v)}"]`);
        break;
      case 'select':
      case 'commune':
        await page.selectOption(sel(id), String(value));
        break;
      case 'multiselect':
        await page.selectOption(sel(id), value.map(String));
        break;
      default:
        await page.fill(sel(id), String(value));
    }
  }
}

