// One source for every fact in the pages (issue 14): no parameter of the rulebook edition is
// copied (the attachment size and media types, lead days, rule ids come from the core at run
// time, through www/app/edition.js), one string table, one DOM helper. The pages' sources are
// read for the literals; edition.js runs against the core's own exports (WASM for Node).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './corpus.mjs';

const require = createRequire(import.meta.url);
const www = join(root, 'www');
const sources = [
  ...readdirSync(join(www, 'app')).filter((f) => f.endsWith('.js')).map((f) => `app/${f}`),
  ...readdirSync(www).filter((f) => f.endsWith('.html')),
].map((path) => ({ path, text: readFileSync(join(www, path), 'utf8') }));

/** Literals of the edition that must not be written in a page, each with why. */
const EDITION_LITERALS = [
  [/\b10485760\b|\b10\s*\*\s*1024\s*\*\s*1024\b/, 'the attachment size limit (DOCUMENT_TOO_LARGE maxBytes)'],
  [/\b\d+(?:[.,]\d+)?\s*MiB\b/, 'a size in MiB written out (format the edition\'s maxBytes instead)'],
  [/image\/(?:jpeg|png)|application\/pdf['"]?\s*,\s*['"]?(?:image|application)\/|PDF,\s*JPEG/, 'the accepted media types (DOCUMENT_MEDIA_TYPE allowed)'],
  [/\b(?:CONF|NGO|TRIP|GEN)-(?:L?\d+)\b/, 'a rule id (find rules by finding code in edition.js)'],
  [/\b\d+\s+(?:ngày|days|tháng|months)\b/, 'a number of days or months written out (lead days, passport validity)'],
];

/** The offending lines of `text`: [line number, line, why]. */
function offences(text) {
  const found = [];
  text.split('\n').forEach((line, i) => {
    for (const [re, why] of EDITION_LITERALS) if (re.test(line)) found.push([i + 1, line.trim(), why]);
  });
  return found;
}

test('the patterns catch the literals they are for', () => {
  for (const line of [
    "if (file.size > 10 * 1024 * 1024) { status.textContent = t('fileSize'); return; }",
    "fileSize: 'Tệp lớn hơn 10 MiB. Hãy nén hoặc chia nhỏ tệp.',",
    "const input = el('input', { type: 'file', id, accept: 'application/pdf,image/jpeg,image/png' });",
    "fileType: 'Only PDF, JPEG or PNG files are accepted. Choose another file.',",
    "const NEEDS = { conference_permit: ['CONF-04', 'types'], ngo_licence: ['NGO-11', 'new'] };",
    "hint: 'Nộp hồ sơ trước ít nhất 30 ngày',",
    'maxBytes: 10485760',
  ]) assert.notEqual(offences(line).length, 0, line);
  // A single media type (the desk's decision document) and a number formatted at run time pass.
  assert.deepEqual(offences("accept: type === 'file' ? 'application/pdf' : undefined"), []);
  assert.deepEqual(offences("upload(file, { mediaType: file.type || 'application/pdf', fileName: file.name })"), []);
  assert.deepEqual(offences('fileSize: (mib) => `Tệp lớn hơn ${mib} MiB.`'), []);
});

test('no page repeats a parameter of the edition', () => {
  const found = sources.flatMap(({ path, text }) => offences(text).map(([n, line, why]) => `www/${path}:${n}: ${why}: ${line}`));
  assert.deepEqual(found, []);
});

test('one string table: no page module but i18n.js and its staff section holds strings of both languages', () => {
  // A table of its own has a Vietnamese word next to its English one: `vi: {` … `en: {`.
  const tables = sources.filter(({ path, text }) => /\bvi\s*:\s*\{/.test(text) && /\ben\s*:\s*\{/.test(text)).map((s) => s.path);
  assert.deepEqual(tables, []);
});

test('one DOM helper: only el.js creates elements', () => {
  const creating = sources.filter(({ text }) => /document\.createElement\(/.test(text)).map((s) => s.path);
  assert.deepEqual(creating, ['app/el.js']);
});

test('edition.js is the one place that reads the rulebook, and no page names a kind', () => {
  const readers = sources.filter(({ text }) => /\brulebook\(\)/.test(text.replace(/^\s*\/\/.*$/gm, ''))).map((s) => s.path);
  assert.deepEqual(readers, ['app/edition.js']);
  const naming = sources.filter(({ text }) => /['"]conference_permit['"]/.test(text)).map((s) => s.path);
  assert.deepEqual(naming, []);
});

test('edition.js reads the limits and documents from the core', async () => {
  const d = require(join(root, 'crates', 'dossier-wasm', 'pkg-node'));
  const edition = await import(pathToFileURL(join(www, 'app', 'edition.js')));
  const rules = d.rulebook().editions[0].rules;
  const param = (code) => rules.find((r) => r.code === code).parameters;
  assert.deepEqual(edition.kindsOf(d), ['conference_permit', 'ngo_licence', 'outbound_trip']);
  for (const kind of edition.kindsOf(d)) {
    for (const lang of ['vi', 'en']) {
      const desc = d.describeForm(kind, lang);
      const ed = edition.editionOf(d, desc);
      assert.equal(ed.id, desc.edition);
      const limits = edition.attachmentLimits(ed);
      assert.deepEqual(limits.mediaTypes, param('DOCUMENT_MEDIA_TYPE').allowed);
      assert.equal(limits.maxBytes, param('DOCUMENT_TOO_LARGE').maxBytes);
      const docs = edition.requiredDocuments(ed, desc);
      assert.ok(docs.length > 0, `${kind}: no required documents`);
      const options = edition.documentTypeField(desc).options;
      for (const doc of docs) {
        assert.equal(doc.label, options.find((o) => o.value === doc.value).label, `${kind} ${doc.value}`);
      }
    }
  }
  // The start page's documents are the edition's: the conference's DOCUMENT_MISSING list.
  const conference = d.describeForm('conference_permit', 'vi');
  const listed = edition.requiredDocuments(edition.editionOf(d, conference), conference).map((x) => x.value);
  assert.ok(rules.some((r) => r.code === 'DOCUMENT_MISSING' && JSON.stringify(r.parameters.types) === JSON.stringify(listed)));
  assert.equal(edition.mib(10 * 1048576, 'vi'), '10');
  assert.equal(edition.mib(5.5 * 1048576, 'vi'), '5,5');
  assert.equal(edition.mib(5.5 * 1048576, 'en'), '5.5');
  assert.equal(edition.mediaTypeName('application/pdf'), 'PDF');
});

test('the form refuses a file by the edition\'s limits, saying them in the page\'s language', async () => {
  const { launch } = await import('./browser.mjs');
  const { startServer, current } = await import('./server.mjs');
  const { sel, newContext, describe } = await import('./ui.mjs');
  const d = require(join(root, 'crates', 'dossier-wasm', 'pkg-node'));
  const edition = await import(pathToFileURL(join(www, 'app', 'edition.js')));
  const { mediaTypes, maxBytes } = edition.attachmentLimits(d.rulebook().editions[0]);
  const server = await startServer('edition');
  const browser = await launch();
  try {
    const context = await newContext(browser);
    const page = await context.newPage();
    const kind = 'conference_permit';
    await page.goto(`${server.base}/forms/${kind}`);
    await page.waitForSelector('#continue');
    const desc = await describe(page, kind);
    const dossier = current(kind);
    delete dossier.documents;
    await page.evaluate(([k, data, last]) => localStorage.setItem(`dossier.draft.${k}`, JSON.stringify({ data, page: last, key: null, savedAt: Date.now() })), [kind, dossier, desc.pages.length - 1]);
    await page.reload();
    await page.click('#resume');
    await page.click(sel('documents-add'));
    const input = sel('documents.0.file');
    const status = sel('documents.0.file-status');
    assert.equal(await page.getAttribute(input, 'accept'), mediaTypes.join(','));
    const names = mediaTypes.map(edition.mediaTypeName);
    await page.setInputFiles(input, { name: 'ghi-chu.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    assert.equal(await page.textContent(status), `Chỉ nhận tệp ${names.slice(0, -1).join(', ')} hoặc ${names.at(-1)}. Hãy chọn tệp khác.`);
    const big = Buffer.alloc(maxBytes + 1, 'x');
    big.write('%PDF-1.4\n');
    await page.setInputFiles(input, { name: 'qua-lon.pdf', mimeType: mediaTypes[0], buffer: big });
    assert.equal(await page.textContent(status), `Tệp lớn hơn ${edition.mib(maxBytes, 'vi')} MiB. Hãy nén hoặc chia nhỏ tệp rồi chọn lại.`);
    await page.click('.lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForSelector(input, { state: 'attached' });
    await page.setInputFiles(input, { name: 'too-big.pdf', mimeType: mediaTypes[0], buffer: big });
    assert.equal(await page.textContent(status), `The file is larger than ${edition.mib(maxBytes, 'en')} MiB. Compress or split it, then choose it again.`);
    await context.close();
  } finally {
    await browser.close();
    server.stop();
  }
});
