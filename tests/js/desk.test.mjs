// The one-stop desk end to end in Debian's Chromium against the real server (SPEC §12): a
// citizen's dossier is pre-checked by the commune, which prints Mẫu 01 and forwards it; the
// province decides with the decision document; the citizen sees the result and downloads the
// decision. Every page and state is read as a person reads it: no wire code and no ISO date or
// timestamp in the visible text; axe clean; no CSP violation; the printed forms as print media
// screenshots in target/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { launch } from './browser.mjs';
import { root } from './corpus.mjs';
import { startServer, current, dossierBin } from './server.mjs';
import { newContext as contextOf, assertNoCspViolation, axe, shots, describe, fill } from './ui.mjs';

let stopServer;
let base;
let db;
let browser;
const newContext = (options) => contextOf(browser, options);
const PDF = Buffer.from('%PDF-1.4\n% desk journey\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const DECISION = Buffer.from('%PDF-1.4\n% decision 125/QD-UBND\n%%EOF\n');

before(async () => {
  ({ base, db, stop: stopServer } = await startServer('desk'));
  browser = await launch();
  for (const [unit, user] of [['commune:20242', 'haichau-desk'], ['province:48', 'danang-desk']]) {
    const made = spawnSync(dossierBin, ['staff', 'add', '--db', db, '--unit', unit, '--username', user], { input: 'mật khẩu đủ dài 2026\n' });
    assert.equal(made.status, 0, String(made.stderr));
  }
});

after(async () => {
  await browser?.close();
  stopServer?.();
});

/** What a person reads on the page: no wire code, no ISO date or time. */
async function readsInWords(page, name) {
  const text = await page.evaluate(() => document.body.innerText);
  for (const [re, what] of [
    [/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'an ISO timestamp'],
    [/\b\d{4}-\d{2}-\d{2}\b/, 'an ISO date'],
    [/\b[a-z]+(?:_[a-z]+)+\b/, 'a wire value (snake_case)'],
    [/\b[A-Z]{2,}(?:_[A-Z]+)+\b/, 'a finding code'],
    [/\b(?:null|undefined|NaN)\b|\[object Object\]/, 'a missing value'],
  ]) {
    const m = re.exec(text);
    assert.equal(m, null, `${name} shows ${what}: ${m?.[0]} in …${text.slice(Math.max(0, (m?.index ?? 0) - 60), (m?.index ?? 0) + 60)}…`);
  }
}

async function fileByApi() {
  const up = await fetch(`${base}/api/v1/attachments`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: PDF });
  const { sha256 } = await up.json();
  const dossier = current('conference_permit');
  dossier.documents.forEach((d) => { d.sha256 = sha256; });
  const r = await fetch(`${base}/api/v1/dossiers`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify(dossier) });
  assert.equal(r.status, 201);
  return r.json();
}

async function login(user) {
  const context = await newContext({ viewport: { width: 1100, height: 1400 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/staff`);
  await page.fill('#username', user);
  await page.fill('#password', 'mật khẩu đủ dài 2026');
  await page.click('#login');
  await page.waitForSelector('#counts');
  return { context, page, errors };
}

async function act(page, action, expected) {
  await page.click(`#action-${action}`);
  await page.click('#confirm-action');
  await page.waitForFunction((s) => document.querySelector('#status')?.textContent === s, expected, { timeout: 20000 });
}

test('a dossier from filing to decision at the desk, read in words, with its printed forms', async () => {
  const receipt = await fileByApi();
  const { code, id, accessToken, dueDate } = receipt;
  const dueVN = `${dueDate.slice(8, 10)}/${dueDate.slice(5, 7)}/${dueDate.slice(0, 4)}`;

  // The commune: the queue by due date, the dossier in words, Mẫu 01, pre-check, forward.
  const commune = await login('haichau-desk');
  let page = commune.page;
  await page.waitForSelector(`text=${code}`);
  assert.match(await page.textContent('table.queue'), new RegExp(dueVN.replaceAll('/', '\\/')));
  await readsInWords(page, 'the commune queue');
  await axe(page, 'desk queue');
  await page.screenshot({ path: join(shots, 'desk-queue.png'), fullPage: true });
  await page.click(`text=${code}`);
  await page.waitForSelector('#summary');
  assert.equal(await page.textContent('#kind'), 'Xin phép tổ chức hội nghị, hội thảo quốc tế');
  assert.equal(await page.textContent('#routing'), 'Chủ tịch Ủy ban nhân dân tỉnh, thành phố');
  assert.match(await page.textContent('#due'), new RegExp(`^${dueVN.replaceAll('/', '\\/')} \\(15 ngày làm việc\\)$`));
  assert.match(await page.textContent('.filed'), /Trường Đại học Y Dược Đà Nẵng/);
  assert.match(await page.textContent('.filed'), /Phường Hải Châu/);
  await readsInWords(page, 'the commune detail');
  await axe(page, 'desk detail (commune)');
  await page.screenshot({ path: join(shots, 'desk-detail-commune.png'), fullPage: true });
  await page.click('#form-mau-01');
  const frame = await (await page.waitForSelector('#print-frame')).contentFrame();
  await frame.waitForSelector('h1');
  assert.equal(await frame.textContent('h1'), 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  assert.match(await frame.textContent('.due'), new RegExp(dueVN.replaceAll('/', '\\/')));
  await assertNoCspViolation(page, 'the printed form in the page');
  await act(page, 'precheck_ok', 'Đã kiểm tra sơ bộ');
  await act(page, 'forward', 'Đã chuyển lên tỉnh');
  await readsInWords(page, 'the commune detail after forwarding');
  assert.deepEqual(commune.errors, []);

  // Each printed form as print media (A4), opened as staff open it: the code and due date on
  // the receipt, every hand-over on the control sheet.
  const token = await page.evaluate(() => sessionStorage.getItem('dossier.staff.token'));
  const printing = await newContext({ viewport: { width: 900, height: 1270 }, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const sheet = await printing.newPage();
  for (const form of ['mau-01', 'mau-02', 'mau-03', 'mau-06']) {
    await sheet.goto(`${base}/api/v1/staff/dossiers/${id}/forms/${form}`);
    await sheet.emulateMedia({ media: 'print' });
    const text = await sheet.evaluate(() => document.body.innerText);
    assert.match(text, new RegExp(code));
    assert.match(text, /BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ/);
    if (form === 'mau-01') assert.match(text, new RegExp(dueVN.replaceAll('/', '\\/')));
    if (form === 'mau-06') assert.match(text, /haichau-desk/);
    const font = await sheet.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.match(font, /Times New Roman/, 'the print style sheet applies');
    await assertNoCspViolation(sheet, form);
    await sheet.screenshot({ path: join(shots, `desk-print-${form}.png`), fullPage: true });
  }
  await printing.close();
  await commune.context.close();

  // The province forwards to the decision and records it with the decision document.
  const province = await login('danang-desk');
  page = province.page;
  await page.click(`text=${code}`);
  await page.waitForSelector('#summary');
  await act(page, 'forward', 'Chờ quyết định');
  await page.fill('#decision-number', '125/QĐ-UBND');
  await page.fill('#decision-date', '2026-12-01');
  await page.fill('#decision-signer', 'Chủ tịch UBND thành phố Đà Nẵng');
  await page.setInputFiles('#decision-file', { name: 'quyet-dinh.pdf', mimeType: 'application/pdf', buffer: DECISION });
  await readsInWords(page, 'the province detail with the decision form');
  await axe(page, 'desk detail (decision form)');
  await page.screenshot({ path: join(shots, 'desk-decision-form.png'), fullPage: true });
  await act(page, 'decide', 'Đã có kết quả');
  assert.match(await page.textContent('#decision-summary'), /Chấp thuận – 125\/QĐ-UBND, 01\/12\/2026, Chủ tịch UBND thành phố Đà Nẵng/);
  await readsInWords(page, 'the decided dossier');
  await axe(page, 'desk detail (decided)');
  await page.screenshot({ path: join(shots, 'desk-decided.png'), fullPage: true });
  assert.deepEqual(province.errors, []);
  await province.context.close();

  // The citizen sees the result and downloads the decision.
  const citizen = await newContext({ viewport: { width: 400, height: 900 }, acceptDownloads: true });
  const status = await citizen.newPage();
  await status.goto(`${base}/status?code=${code}`);
  await status.fill('#token', accessToken);
  await status.click('#lookup');
  await status.waitForSelector('#desk-result');
  assert.match(await status.textContent('#desk-result'), /Chấp thuận – 125\/QĐ-UBND/);
  assert.equal(await status.textContent('#desk-kind'), 'Xin phép tổ chức hội nghị, hội thảo quốc tế');
  assert.match(await status.textContent('#desk-due'), new RegExp(dueVN.replaceAll('/', '\\/')));
  await readsInWords(status, 'the citizen status');
  await axe(status, 'status decided');
  await status.screenshot({ path: join(shots, 'desk-status-decided.png'), fullPage: true });
  const [download] = await Promise.all([status.waitForEvent('download'), status.click('#decision-download')]);
  const saved = join(root, 'target', 'screenshots', 'downloaded-decision.pdf');
  await download.saveAs(saved);
  assert.deepEqual((await import('node:fs')).readFileSync(saved), DECISION);
  await citizen.close();
});

async function staffToken(user) {
  const r = await fetch(`${base}/api/v1/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: 'mật khẩu đủ dài 2026' }) });
  assert.equal(r.status, 200);
  return (await r.json()).token;
}

async function lookUp(page, code, accessToken) {
  await page.goto(`${base}/status?code=${code}`);
  await page.fill('#token', accessToken);
  await page.click('#lookup');
  await page.waitForSelector('#desk');
}

test('a returned dossier is corrected under its code (version 2), another is withdrawn', async () => {
  const { code, id, accessToken } = await fileByApi();
  const staff = await staffToken('haichau-desk');
  const ret = await fetch(`${base}/api/v1/staff/dossiers/${id}/actions`, { method: 'POST', headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'return', version: 0, note: 'Hãy ghi số điện thoại liên hệ trực tiếp.' }) });
  assert.equal(ret.status, 200);

  const context = await newContext({ viewport: { width: 400, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await lookUp(page, code, accessToken);
  assert.match(await page.textContent('#history'), /Hãy ghi số điện thoại liên hệ trực tiếp\./);
  await readsInWords(page, 'the returned dossier');
  await axe(page, 'status returned');
  await page.click('#supplement');
  await page.waitForSelector('#mode');
  assert.match(await page.textContent('#mode'), new RegExp(`Bổ sung hồ sơ ${code}`));
  // The form holds the filed dossier: correct the phone, go through the pages, send.
  await page.fill('[id="applicant.phone"]', '0236 3812 999');
  await axe(page, 'supplement form');
  await page.screenshot({ path: join(shots, 'desk-supplement-form.png'), fullPage: true });
  for (let i = 0; i < 12 && !(await page.$('#submit')); i++) await page.click('#continue');
  await page.click('#submit');
  await page.waitForSelector('#supplemented');
  assert.match(await page.textContent('#supplemented'), /lần nộp 2/);
  await lookUp(page, code, accessToken);
  assert.equal(await page.textContent('#desk-kind'), 'Xin phép tổ chức hội nghị, hội thảo quốc tế');
  assert.match(await page.textContent('#history'), /Bổ sung, hoàn thiện hồ sơ \(lần nộp 2\)/);
  assert.match(await page.textContent('h2'), /Đã tiếp nhận/);
  await readsInWords(page, 'the supplemented dossier');
  const detail = await (await fetch(`${base}/api/v1/staff/dossiers/${id}`, { headers: { authorization: `Bearer ${staff}` } })).json();
  assert.equal(detail.desk.bodyVersion, 2);
  assert.equal(detail.dossier.applicant.phone, '0236 3812 999');
  assert.equal(detail.versions[0].dossier.applicant.phone, '0236 3812 345');

  // Another dossier is withdrawn from the status page, after a confirmation.
  const other = await fileByApi();
  await lookUp(page, other.code, other.accessToken);
  await page.click('#withdraw');
  await page.click('#withdraw-yes');
  await page.waitForFunction(() => /Đã rút hồ sơ/.test(document.querySelector('#result h2')?.textContent ?? ''));
  assert.equal(await page.$('#withdraw'), null, 'no second withdrawal offered');
  await readsInWords(page, 'the withdrawn dossier');
  await axe(page, 'status withdrawn');
  await page.screenshot({ path: join(shots, 'desk-status-withdrawn.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('an officer files at the counter: the same form, recorded as such, Mẫu 01 at once', async () => {
  const { context, page, errors } = await login('haichau-desk');
  await page.click('#counter-conference_permit');
  await page.waitForSelector('#mode');
  assert.match(await page.textContent('#mode'), /Nộp hồ sơ tại quầy/);
  const desc = await describe(page, 'conference_permit');
  const dossier = current('conference_permit');
  const files = [];
  for (const p of desc.pages) {
    await fill(page, p.fields, dossier, [], files);
    await page.click('#continue');
  }
  await page.waitForSelector('#submit');
  await page.click('#submit');
  await page.waitForSelector('#hand-over', { timeout: 30000 });
  assert.match(await page.textContent('#hand-over-code'), /^HS-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.equal(await page.textContent('#channel'), 'Tại quầy');
  const frame = await (await page.waitForSelector('#print-frame')).contentFrame();
  await frame.waitForSelector('h1');
  assert.equal(await frame.textContent('h1'), 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  await readsInWords(page, 'the dossier filed at the counter');
  await axe(page, 'counter filing done');
  await page.screenshot({ path: join(shots, 'desk-counter-filed.png'), fullPage: true });
  // Nothing of the applicant's stays in this browser: no draft, no kept file.
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('draft')).length), 0);
  const keptFiles = await page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('dossier', 1);
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('files')) return resolve(0);
      const count = db.transaction('files').objectStore('files').count();
      count.onsuccess = () => resolve(count.result);
    };
    req.onerror = () => resolve(-1);
  }));
  assert.equal(keptFiles, 0, 'the applicant\'s files were removed from the counter\'s device');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the overview for heads of unit: SVG charts with their tables, in words, on a desktop and a phone', async () => {
  for (const [name, viewport] of [['desktop', { width: 1200, height: 1400 }], ['phone', { width: 390, height: 844 }]]) {
    const context = await newContext({ viewport, acceptDownloads: true });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/staff`);
    await page.fill('#username', 'danang-desk');
    await page.fill('#password', 'mật khẩu đủ dài 2026');
    await page.click('#login');
    await page.click('#overview-link');
    await page.waitForSelector('#chart-months');
    for (const id of ['chart-months', 'chart-kinds', 'chart-communes', 'chart-on-time']) {
      const chart = await page.$(`#${id}`);
      assert.ok(chart, `${id} is drawn`);
      const named = await page.evaluate((cid) => {
        const svgEl = document.querySelector(`#${cid} svg`);
        const label = document.getElementById(svgEl.getAttribute('aria-labelledby'));
        return { role: svgEl.getAttribute('role'), name: label?.textContent ?? '', shapes: svgEl.querySelectorAll('rect').length, rows: document.querySelectorAll(`#${cid} table tbody tr`).length };
      }, id);
      assert.equal(named.role, 'img');
      assert.ok(named.name.length > 5, `${id} has an accessible name`);
      assert.ok(named.shapes > 0 && named.rows > 0, `${id}: ${JSON.stringify(named)}`);
    }
    // The earlier tests filed conference dossiers at Đà Nẵng: they are counted, by name.
    const kinds = await page.textContent('#chart-kinds table');
    assert.match(kinds, /Xin phép tổ chức hội nghị, hội thảo quốc tế\s*[1-9]/);
    assert.match(await page.textContent('#chart-communes table'), /Phường Hải Châu/);
    await readsInWords(page, `the overview (${name})`);
    await axe(page, `overview (${name})`);
    await page.screenshot({ path: join(shots, `overview-${name}.png`), fullPage: true });
    if (name === 'desktop') {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#overview-report')]);
      const saved = join(root, 'target', 'screenshots', 'overview-report.xlsx');
      await download.saveAs(saved);
      assert.equal((await import('node:fs')).readFileSync(saved).subarray(0, 2).toString(), 'PK', 'an XLSX (zip) workbook');
      // A range the server refuses is said in words, at the field.
      await page.fill('#overview-from', '2026-12-31');
      await page.fill('#overview-to', '2026-01-01');
      await page.click('#overview-show');
      await page.waitForSelector('#overview-error');
      assert.match(await page.textContent('#overview-error'), /Ngày kết thúc phải sau ngày bắt đầu/);
      await axe(page, 'overview with a bad range');
      // And in English.
      await page.fill('#overview-from', '2026-01-01');
      await page.click('#overview-show');
      await page.waitForSelector('#chart-months');
      await page.click('.lang-switch');
      await page.waitForFunction(() => /Dossiers per month/.test(document.querySelector('#chart-months figcaption')?.textContent ?? ''));
      assert.match(await page.textContent('#chart-kinds table'), /Permit for an international conference/);
      await readsInWords(page, 'the overview in English');
      await axe(page, 'overview (English)');
      await page.screenshot({ path: join(shots, 'overview-en.png'), fullPage: true });
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});
