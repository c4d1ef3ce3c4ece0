// WASM under Node: every fixture's report is byte-identical to the expected (native) report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadCases, root, example } from './corpus.mjs';

const require = createRequire(import.meta.url);
const dossier = require(join(root, 'crates', 'dossier-wasm', 'pkg-node'));
const cases = loadCases();

test('the corpus is complete', () => {
  assert.ok(cases.length >= 90, `only ${cases.length} cases`);
});

for (const c of cases) {
  test(`conformance: ${c.name}`, () => {
    assert.equal(dossier.validateJson(c.text, c.options), c.expected, 'validateJson (text in)');
    const input = c.isObject ? JSON.parse(c.text) : c.text;
    const report = dossier.validate(input, c.options);
    assert.equal(Object.getPrototypeOf(report), Object.prototype, 'a plain object, not a Map');
    assert.equal(JSON.stringify(report), c.expected, 'validate (object in, object out)');
  });
}

test('the README one-liner: the conference example is valid', () => {
  const r = dossier.validate(example('conference_permit'), { asOf: '2026-11-22' });
  assert.equal(r.valid, true);
  assert.equal(r.routing.decisionBy, 'provincial_chair');
  assert.equal(r.routing.provinceCode, 48);
});

test('bad arguments throw an Error with a clear message; bad dossiers never throw', () => {
  assert.throws(() => dossier.validate({}, {}), /options\.asOf is required/);
  assert.throws(() => dossier.validate({}, { asOf: '2026-02-30' }), /options\.asOf must be a calendar date/);
  assert.throws(() => dossier.validate({}, { asOf: '2026-11-22', lang: 'fr' }), /options\.lang must be "vi" or "en"/);
  assert.throws(() => dossier.validate({}, { asOf: '2026-11-22', profile: 'atlantis' }), /unknown profile "atlantis"/);
  assert.throws(() => dossier.validate({}, { asOf: '2026-11-22', extra: 1 }), /unknown field `extra`/);
  for (const bad of [null, 42, [], 'not json', '', { kind: 7 }, undefined]) {
    const r = dossier.validate(bad, { asOf: '2026-11-22' });
    assert.equal(r.valid, false);
  }
  const cyclic = {}; cyclic.self = cyclic;
  assert.equal(dossier.validate(cyclic, { asOf: '2026-11-22' }).findings[0].code, 'JSON_SYNTAX');
});

test('text crosses the boundary intact: astral characters, long non-ASCII text, lone surrogates', () => {
  // The binding encodes strings with TextEncoder.encodeInto into a buffer of 3 bytes per UTF-16
  // unit: a long value and 4-byte characters must arrive whole, as their \u-escaped form does.
  const options = { asOf: '2026-11-22' };
  const doc = example('conference_permit');
  const key = `𝄞é${'ạ'.repeat(5)}`;
  doc[key] = 'Đ'.repeat(100000);
  const text = JSON.stringify(doc);
  const escaped = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const report = dossier.validateJson(text, options);
  assert.equal(report, dossier.validateJson(escaped, options));
  assert.equal(JSON.stringify(dossier.validate(doc, options)), report);
  assert.deepEqual(JSON.parse(report).findings.map((f) => [f.code, f.path]), [['FIELD_UNKNOWN', `/${key}`]]);
  // A lone surrogate in a JS string becomes U+FFFD, as with every string wasm-bindgen passes.
  const lone = JSON.parse(dossier.validateJson('{"k\uD800":1}', options));
  assert.ok(lone.findings.some((f) => f.code === 'FIELD_UNKNOWN' && f.path === '/k\uFFFD'));
});

test('exports: engine version, admin units, rulebook', () => {
  assert.equal(dossier.engineVersion(), '0.1.0');
  const units = dossier.adminUnits();
  assert.equal(units.length, 34);
  assert.equal(units.reduce((n, p) => n + p.communes.length, 0), 3321);
  const hk = units.find((p) => p.code === 1).communes.find((c) => c.code === 70);
  assert.equal(hk.name, 'Phường Hoàn Kiếm');
  const rb = dossier.rulebook();
  assert.ok(rb.editions[0].rules.some((r) => r.id === 'CONF-03' && r.parameters.days === 30));
});
