// The web pages end to end in Debian's Chromium against the real server on SQLite: each
// example dossier filed through the UI (uploads, checks, submit, receipt, status), the error
// summary, the draft, the English switch, a network failure during submit, axe-core on every
// page. Screenshots go to target/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { launch } from './browser.mjs';
import { root, example } from './corpus.mjs';
import { startServer, current, todayVN, days, addDays } from './server.mjs';
import { sel, newContext as contextOf, assertNoCspViolation, axe, fill, describe, shots } from './ui.mjs';

let stopServer;
let base;
let work;
let browser;
const newContext = (options) => contextOf(browser, options);

before(async () => {
  ({ base, work, stop: stopServer } = await startServer('pages'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  stopServer?.();
});

async function fileThroughTheUi(kind, lang = 'vi', keepContext = false) {
  const context = await newContext({ viewport: { width: 1000, height: 1400 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/`);
  if (lang === 'en') await page.click('.lang-switch');
  await page.click(sel(`start-${kind}`));
  await page.waitForSelector('#continue');
  const desc = await describe(page, kind, lang);
  const dossier = current(kind);
  const files = [];
  for (let p = 0; p < desc.pages.length; p++) {
    await fill(page, desc.pages[p].fields, dossier, [], files);
    await page.screenshot({ path: join(shots, `${kind}-${lang}-page-${p + 1}.png`), fullPage: true });
    if (p === 0) await axe(page, `${kind} page 1`);
    await page.click('#continue');
    const summary = await page.$('.error-summary');
    if (summary) assert.fail(`${kind} page ${p + 1}: ${await summary.innerText()}`);
  }
  await page.waitForSelector('#submit');
  await page.screenshot({ path: join(shots, `${kind}-${lang}-check.png`), fullPage: true });
  await axe(page, `${kind} check page`);
  await page.click('#submit');
  await page.waitForSelector('#receipt-code', { timeout: 30000 });
  const code = await page.textContent('#receipt-code');
  const token = await page.textContent('#access-token');
  assert.match(code, /^HS-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await page.screenshot({ path: join(shots, `${kind}-${lang}-receipt.png`), fullPage: true });
  await axe(page, `${kind} receipt`);
  // The token is kept on the device only when the citizen asks for it.
  assert.deepEqual(await page.evaluate(() => localStorage.getItem('dossier.receipts')), null);
  await page.check('#keep-receipt');
  await page.click('#track');
  await page.waitForSelector('#lookup');
  assert.equal(await page.inputValue('#token'), token, 'the token of the last receipt is offered');
  await page.click('#lookup');
  await page.waitForSelector('#result h2');
  assert.match(await page.textContent('#result h2'), /Đã tiếp nhận/);
  await page.screenshot({ path: join(shots, `${kind}-${lang}-status.png`), fullPage: true });
  await axe(page, 'status page');
  assert.deepEqual(errors, []);
  await context.close();
  return { code, token, files };
}

test('start page lists the three procedures with their documents (axe clean)', async () => {
  const context = await newContext();
  const page = await context.newPage();
  const response = await page.goto(`${base}/`);
  // The pages run under the Content-Security-Policy of SPEC §10 (no inline script or style).
  assert.equal(response.headers()['content-security-policy'],
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  assert.equal(response.headers()['x-content-type-options'], 'nosniff');
  await page.waitForSelector('#start-outbound_trip');
  assert.equal(await page.locator('.procedure').count(), 3);
  assert.match(await page.textContent('main'), /Công văn đề nghị cho phép tổ chức/);
  await page.screenshot({ path: join(shots, 'start-vi.png'), fullPage: true });
  await axe(page, 'start page');
  await page.click('.lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('main'), /Request letter/);
  await page.reload();
  await page.waitForSelector('#start-outbound_trip');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'the language choice is remembered');
  await page.screenshot({ path: join(shots, 'start-en.png'), fullPage: true });
  await assertNoCspViolation(page, 'start page in English');
  await context.close();
});

for (const kind of ['conference_permit', 'ngo_licence', 'outbound_trip']) {
  test(`file ${kind} through the pages, then track it`, async () => {
    const { files } = await fileThroughTheUi(kind);
    assert.ok(files.length >= 2);
  });
}

test('an empty Continue shows the summary; its first link moves focus to the field', async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/forms/conference_permit`);
  await page.waitForSelector('#continue');
  await page.click('#continue');
  await page.waitForSelector('.error-summary');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'error-summary');
  assert.equal(await page.getAttribute('.error-summary', 'role'), 'alert');
  assert.match(await page.title(), /^Lỗi: /);
  const first = page.locator('.error-summary a').first();
  const target = (await first.getAttribute('href')).slice(1);
  await first.click();
  assert.equal(await page.evaluate(() => document.activeElement.id), target);
  assert.ok(await page.isVisible(sel(`${target}-error`)), 'the message stands next to the field');
  await page.screenshot({ path: join(shots, 'errors-vi.png'), fullPage: true });
  await axe(page, 'error state');
  await page.close();
});

test('a draft survives a reload and is offered back', async () => {
  const context = await newContext();
  const page = await context.newPage();
  await page.goto(`${base}/forms/ngo_licence`);
  await page.waitForSelector('#continue');
  await page.fill(sel('applicant.name'), 'Tổ chức Thử nghiệm');
  await page.reload();
  await page.waitForSelector('#resume');
  await page.screenshot({ path: join(shots, 'resume-vi.png'), fullPage: true });
  await axe(page, 'resume page');
  await page.click('#resume');
  assert.equal(await page.inputValue(sel('applicant.name')), 'Tổ chức Thử nghiệm');
  await context.close();
});

test('a network failure during submit, then the retry, files one dossier', async () => {
  const context = await newContext({ viewport: { width: 1000, height: 1400 } });
  const page = await context.newPage();
  const codes = [];
  let posts = 0;
  await page.route('**/api/v1/dossiers', async (route) => {
    posts += 1;
    const response = await route.fetch(); // the server stores the dossier…
    codes.push((await response.json()).code);
    if (posts === 1) await route.abort('connectionreset'); // …but the answer is lost
    else await route.fulfill({ response });
  });
  await page.goto(`${base}/forms/outbound_trip`);
  await page.waitForSelector('#continue');
  const desc = await describe(page, 'outbound_trip');
  const dossier = current('outbound_trip');
  for (const p of desc.pages) {
    await fill(page, p.fields, dossier, [], []);
    await page.click('#continue');
  }
  await page.click('#submit');
  await page.waitForSelector('#receipt-code', { timeout: 30000 });
  assert.ok(posts >= 2, 'the page retried');
  assert.equal(new Set(codes).size, 1, `one dossier: ${codes}`);
  assert.equal(await page.textContent('#receipt-code'), codes[0]);
  await context.close();
});

test('communes are searchable without diacritics; Change returns to the field and back', async () => {
  const context = await newContext({ viewport: { width: 1000, height: 1400 } });
  const page = await context.newPage();
  await page.goto(`${base}/forms/conference_permit`);
  await page.waitForSelector('#continue');
  await page.selectOption(sel('receivingUnit.provinceCode'), '1');
  await page.fill(sel('receivingUnit.communeCode-search'), 'hoan kiem');
  const options = await page.$$eval(`${sel('receivingUnit.communeCode')} option`, (os) => os.map((o) => o.textContent));
  assert.deepEqual(options, ['Phường Hoàn Kiếm']);
  await page.selectOption(sel('receivingUnit.communeCode'), '70');
  // Fill the whole example, reach the check page, change one answer, come back.
  const desc = await describe(page, 'conference_permit');
  const dossier = current('conference_permit');
  for (const p of desc.pages) {
    await fill(page, p.fields, dossier, [], []);
    await page.click('#continue');
  }
  await page.waitForSelector('#submit');
  await page.click('a[href="#conference.title"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'conference.title');
  await page.fill(sel('conference.title'), 'Hội thảo đã sửa tên');
  await page.click('#continue');
  await page.waitForSelector('#submit');
  assert.match(await page.textContent('.answers'), /Hội thảo đã sửa tên/);
  await context.close();
});

test('a dossier the server refuses shows the server findings', async () => {
  // The browser's clock runs 30 days behind the server's: a trip that left 5 days ago passes
  // the local check but the server, on its own date, refuses it.
  const context = await newContext({ viewport: { width: 1000, height: 1400 } });
  const realToday = todayVN();
  await context.clock?.setFixedTime?.(new Date(`${addDays(realToday, -30)}T05:00:00Z`));
  const page = await context.newPage();
  if (!context.clock) await page.clock.setFixedTime(new Date(`${addDays(realToday, -30)}T05:00:00Z`));
  await page.goto(`${base}/forms/outbound_trip`);
  await page.waitForSelector('#continue');
  const dossier = example('outbound_trip');
  const n = days('2027-03-10', addDays(realToday, -5));
  const shift = (o, k) => { o[k] = addDays(o[k], n); };
  shift(dossier.trip, 'departureDate'); shift(dossier.trip, 'returnDate');
  dossier.trip.itinerary.forEach((s) => { shift(s, 'arrive'); shift(s, 'leave'); });
  const desc = await describe(page, 'outbound_trip');
  for (const p of desc.pages) {
    await fill(page, p.fields, dossier, [], []);
    await page.click('#continue');
  }
  await page.waitForSelector('#submit');
  await page.click('#submit');
  await page.waitForSelector('.error-summary');
  const text = await page.textContent('.error-summary');
  assert.match(text, /Máy chủ chưa nhận hồ sơ/);
  assert.match(text, /Ngày xuất cảnh đã qua/);
  await page.screenshot({ path: join(shots, 'server-refusal-vi.png'), fullPage: true });
  await axe(page, 'server refusal');
  await context.close();
});

test('staff: a commune officer returns a dossier with a finding; the citizen sees why', async () => {
  const { code, token } = await fileThroughTheUi('conference_permit');
  const made = spawnSync(join(root, 'target', 'debug', 'dossier'), ['staff', 'add', '--db', `sqlite://${join(work, 'pages.db')}`, '--unit', 'commune:20242', '--username', 'haichau-e2e'], { input: 'mật khẩu đủ dài 2026\n' });
  assert.equal(made.status, 0, String(made.stderr));
  const staff = await newContext({ viewport: { width: 1000, height: 1400 } });
  const page = await staff.newPage();
  await page.goto(`${base}/staff`);
  await page.waitForSelector('#login');
  await axe(page, 'staff login');
  await page.fill('#username', 'haichau-e2e');
  await page.fill('#password', 'sai mật khẩu');
  await page.click('#login');
  await page.waitForSelector('#login-error:not([hidden])');
  await page.fill('#username', 'haichau-e2e');
  await page.fill('#password', 'mật khẩu đủ dài 2026');
  await page.click('#login');
  await page.waitForSelector(`text=${code}`);
  await page.screenshot({ path: join(shots, 'staff-queue.png'), fullPage: true });
  await axe(page, 'staff queue');
  await page.click(`text=${code}`);
  await page.waitForSelector('#action-return');
  await page.screenshot({ path: join(shots, 'staff-detail.png'), fullPage: true });
  await axe(page, 'staff detail');
  // A download keeps the server's safe name; it is audited with the view.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#app li button.secondary >> nth=0'),
  ]);
  assert.match(download.suggestedFilename(), /^[^/\\]+\.(pdf|jpg|png)$/);
  await page.fill('#note', 'Hãy bổ sung ý kiến của Sở Y tế.');
  await page.click('#action-return');
  await page.click('#confirm-action');
  await page.waitForSelector('#audit li');
  assert.match(await page.textContent('#audit'), /Trả hồ sơ để bổ sung \(Đã tiếp nhận → Trả lại để bổ sung\)/);
  const access = await page.textContent('#access');
  assert.match(access, /haichau-e2e: xem hồ sơ/);
  assert.match(access, /haichau-e2e: tải tệp/);
  await assertNoCspViolation(page, 'staff detail after the action');
  await staff.close();
  const citizen = await newContext();
  const status = await citizen.newPage();
  await status.goto(`${base}/status?code=${code}`);
  await status.fill('#token', token);
  await status.click('#lookup');
  await status.waitForSelector('#history');
  const text = await status.textContent('#history');
  assert.match(text, /Hãy bổ sung ý kiến của Sở Y tế\./);
  await status.screenshot({ path: join(shots, 'status-returned.png'), fullPage: true });
  await axe(status, 'status after return');
  await citizen.close();
});
