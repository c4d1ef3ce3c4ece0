// WASM in headless Chromium: every fixture's report is byte-identical to the expected report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadCases } from './corpus.mjs';
import { startStaticServer } from './static-server.mjs';
import { launch } from './browser.mjs';

let server;
let browser;
let page;

before(async () => {
  server = await startStaticServer();
  browser = await launch();
  page = await browser.newPage();
  await page.goto(`${server.url}/tests/js/harness.html`);
  await page.waitForSelector('body[data-ready="yes"]', { state: 'attached', timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('every fixture gives the expected report in Chromium', async () => {
  const cases = loadCases();
  assert.ok(cases.length >= 90);
  const results = await page.evaluate((cs) => cs.map((c) => {
    const text = window.dossier.validateJson(c.text, c.options);
    const input = c.isObject ? JSON.parse(c.text) : c.text;
    const object = JSON.stringify(window.dossier.validate(input, c.options));
    return { name: c.name, text, object };
  }), cases.map(({ name, text, isObject, options }) => ({ name, text, isObject, options })));
  const mismatches = [];
  results.forEach((r, i) => {
    if (r.text !== cases[i].expected) mismatches.push(`${r.name} (validateJson)`);
    if (r.object !== cases[i].expected) mismatches.push(`${r.name} (validate)`);
  });
  assert.deepEqual(mismatches, []);
  console.log(`# chromium: ${results.length} fixtures identical`);
});

test('argument errors are JS Errors in the browser too', async () => {
  const message = await page.evaluate(() => {
    try { window.dossier.validate({}, { asOf: 'tomorrow' }); return 'no error'; }
    catch (e) { return `${e instanceof Error}: ${e.message}`; }
  });
  assert.match(message, /^true: options\.asOf must be a calendar date/);
});
