// The exported JSON Schema (from the WASM build: the same code the CLI and server export) run by
// ajv over the corpus: every example is accepted, every fixture whose expected report has a
// structural finding is rejected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { loadCases, root, example } from './corpus.mjs';

const require = createRequire(import.meta.url);
const dossier = require(join(root, 'crates', 'dossier-wasm', 'pkg-node'));
const KINDS = ['conference_permit', 'ngo_licence', 'outbound_trip'];
const STRUCTURAL = new Set(['FIELD_REQUIRED', 'FIELD_TYPE', 'FIELD_UNKNOWN', 'FIELD_ENUM']);

const ajv = new Ajv2020({ allErrors: true, strict: true, validateFormats: false });
const validators = Object.fromEntries(KINDS.map((k) => [k, ajv.compile(dossier.jsonSchema(k))]));

function acceptedByItsKind(doc) {
  const v = validators[doc?.kind];
  return v ? v(doc) : false;
}

test('every example is accepted by its schema', () => {
  for (const k of KINDS) {
    const ok = validators[k](example(k));
    assert.ok(ok, `${k}: ${JSON.stringify(validators[k].errors?.slice(0, 3))}`);
  }
});

test('every fixture with a structural finding is rejected', () => {
  let rejected = 0;
  const wronglyAccepted = [];
  for (const c of loadCases()) {
    const codes = JSON.parse(c.expected).findings.map((f) => f.code);
    if (!codes.some((code) => STRUCTURAL.has(code)) || !c.isObject) continue;
    if (acceptedByItsKind(JSON.parse(c.text))) wronglyAccepted.push(c.name);
    else rejected += 1;
  }
  assert.deepEqual(wronglyAccepted, []);
  assert.ok(rejected >= 10, `only ${rejected} structural fixtures`);
  console.log(`# ajv rejected all ${rejected} structural fixtures`);
});

test('unknown kinds are argument errors', () => {
  assert.throws(() => dossier.jsonSchema('visa'), /unknown kind "visa"/);
  assert.throws(() => dossier.describeForm('visa', 'vi'), /unknown kind "visa"/);
  assert.throws(() => dossier.describeForm('ngo_licence', 'fr'), /lang must be "vi" or "en"/);
  const form = dossier.describeForm('ngo_licence', 'en');
  assert.equal(form.pages[0].fields[1].id, 'applicant');
});
