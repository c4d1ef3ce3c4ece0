// The conformance corpus for JavaScript targets: the same cases, patches and expected reports
// the native test reads (crates/dossier-core/tests/conformance.rs).
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = join(root, 'tests', 'conformance');

function unescape(token) {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** RFC 6902 add / remove / replace, as the native harness applies them. */
export function applyPatch(doc, ops) {
  for (const op of ops) {
    const parts = op.path.split('/').slice(1).map(unescape);
    const last = parts.pop();
    let parent = doc;
    for (const p of parts) {
      parent = parent[Array.isArray(parent) ? Number(p) : p];
      if (parent === undefined) throw new Error(`no parent for ${op.path}`);
    }
    if (Array.isArray(parent)) {
      if (op.op === 'add' && last === '-') parent.push(op.value);
      else if (op.op === 'add') parent.splice(Number(last), 0, op.value);
      else if (op.op === 'remove') parent.splice(Number(last), 1);
      else if (op.op === 'replace') parent[Number(last)] = op.value;
      else throw new Error(`unsupported op ${op.op}`);
    } else {
      if (op.op === 'remove') {
        if (!(last in parent)) throw new Error(`nothing to remove at ${op.path}`);
        delete parent[last];
      } else if (op.op === 'add' || op.op === 'replace') parent[last] = op.value;
      else throw new Error(`unsupported op ${op.op}`);
    }
  }
  return doc;
}

export function example(name) {
  return JSON.parse(readFileSync(join(corpus, 'examples', `${name}.json`), 'utf8'));
}

/** Every case: { name, text, isObject, options, expected (compact report JSON) }. */
export function loadCases() {
  const names = readdirSync(join(corpus, 'cases')).filter((f) => f.endsWith('.json')).sort();
  return names.map((file) => {
    const name = file.replace(/\.json$/, '');
    const spec = JSON.parse(readFileSync(join(corpus, 'cases', file), 'utf8'));
    const text = spec.inputText ?? JSON.stringify(applyPatch(example(spec.base), spec.patch ?? []));
    const options = { asOf: spec.asOf };
    if (spec.lang) options.lang = spec.lang;
    if (spec.profile) options.profile = spec.profile;
    const expected = JSON.stringify(JSON.parse(readFileSync(join(corpus, 'expected', file), 'utf8')));
    return { name, text, isObject: spec.inputText === undefined, options, expected };
  });
}
