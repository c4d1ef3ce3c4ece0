// Latency of the WASM validator in Node against ajv running the exported JSON Schema on the same
// dossiers. A script, not a test: `node tests/js/bench-latency.mjs [runs]` (run by
// `cargo xtask bench`). Prints a Markdown table for BENCHMARKS.md.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Ajv2020 from 'ajv/dist/2020.js';
import { root, example } from './corpus.mjs';

const require = createRequire(import.meta.url);
const dossier = require(join(root, 'crates', 'dossier-wasm', 'pkg-node'));
const runs = Number(process.argv[2] ?? 20000);
const options = { asOf: '2026-11-22' };
const ajv = new Ajv2020({ allErrors: true, strict: true, validateFormats: false });

function measure(fn) {
  for (let i = 0; i < 2000; i++) fn(); // warm-up (JIT, allocator)
  const times = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times[i] = performance.now() - t;
  }
  times.sort();
  const q = (p) => times[Math.min(runs - 1, Math.floor(p * runs))] * 1000;
  return { p50: q(0.5), p99: q(0.99) };
}

const rows = [];
for (const kind of ['conference_permit', 'ngo_licence', 'outbound_trip']) {
  const doc = example(kind);
  const text = JSON.stringify(doc);
  const check = ajv.compile(dossier.jsonSchema(kind));
  if (!dossier.validate(doc, options).valid || !check(doc)) throw new Error(`${kind} should be valid`);
  const obj = measure(() => dossier.validate(doc, options));
  const json = measure(() => dossier.validateJson(text, options));
  const schema = measure(() => check(doc));
  rows.push({ kind, obj, json, schema });
}
const f = (x) => x.toFixed(1);
console.log(`Node ${process.version}, ${runs} runs per cell after 2000 warm-up runs; µs per dossier.\n`);
console.log('| dossier | `validate` (object) p50 / p99 | `validateJson` (text) p50 / p99 | ajv + exported schema p50 / p99 | p50 ratio validate : ajv |');
console.log('|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.kind} | ${f(r.obj.p50)} / ${f(r.obj.p99)} | ${f(r.json.p50)} / ${f(r.json.p99)} | ${f(r.schema.p50)} / ${f(r.schema.p99)} | ${(r.obj.p50 / r.schema.p50).toFixed(1)} : 1 |`);
}
// The bar of SPEC §9 (issue 15): the WASM engine's p50 at most twice ajv's, for both entry points.
console.log('');
for (const r of rows) {
  for (const [name, m] of [['validate', r.obj], ['validateJson', r.json]]) {
    const ratio = m.p50 / r.schema.p50;
    console.log(`${r.kind}: ${name} ÷ ajv p50 = ${ratio.toFixed(2)} (bar ≤ 2.0: ${ratio <= 2 ? 'met' : 'NOT met'})`);
  }
}
