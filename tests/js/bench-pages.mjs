// First visit to a form page in headless Chromium: bytes transferred (gzip as served), time to
// interactive (the Continue button rendered from the WASM form description), and the time of
// one `validate` as Continue runs it. A script, not a test: `node tests/js/bench-pages.mjs`.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from './browser.mjs';
import { root, example } from './corpus.mjs';

const work = mkdtempSync(join(tmpdir(), 'dossier-bench-pages-'));
const server = spawn(join(root, 'target', 'debug', 'dossier'), ['serve', '--addr', '127.0.0.1:0', '--db', `sqlite://${join(work, 'b.db')}`, '--www', join(root, 'www')], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve) => server.stdout.on('data', (c) => { const m = /serving on (http:\/\/[^/\s]+)/.exec(String(c)); if (m) resolve(m[1]); }));
const browser = await launch();
const rows = [];
for (const kind of ['conference_permit', 'ngo_licence', 'outbound_trip']) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  await page.goto(`${base}/forms/${kind}`);
  await page.waitForSelector('#continue');
  const interactive = await page.evaluate(() => performance.now());
  const timing = await page.evaluate(async (doc) => {
    const d = await (await import('/app/dossier.js')).core();
    const options = { asOf: '2026-11-22', lang: 'vi' };
    const times = [];
    for (let i = 0; i < 300; i++) { const t = performance.now(); d.validate(doc, options); times.push(performance.now() - t); }
    times.sort((a, b) => a - b);
    const t0 = performance.now();
    document.getElementById('continue').click();
    const click = performance.now() - t0;
    return { p50: times[150], p99: times[296], click };
  }, example(kind));
  rows.push({ kind, kb: (bytes / 1024).toFixed(1), interactive: interactive.toFixed(0), ...timing });
  await context.close();
}
await browser.close();
server.kill('SIGTERM');
console.log('| form | bytes transferred, first visit (gzip) | load → interactive | `validate` p50 / p99 | Continue click → findings shown |');
console.log('|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.kind} | ${r.kb} KiB | ${r.interactive} ms | ${r.p50.toFixed(2)} / ${r.p99.toFixed(2)} ms | ${r.click.toFixed(1)} ms |`);
}
