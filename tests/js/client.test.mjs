// The npm client package (crates/dossier-client-wasm/pkg-node: the Rust client as WebAssembly)
// and the stock tus-js-client against the real server: a submission and its replay, exactly
// one dossier behind a fault-injecting proxy, a 6 MiB upload by tus-js-client usable in a
// submission, and the WASM client's upload cut at half way resuming (< 1.6x the bytes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as tus from 'tus-js-client';
import { root } from './corpus.mjs';
import { startServer, countDossiers, current } from './server.mjs';
import { faultProxy } from './fault-proxy.mjs';

const require = createRequire(import.meta.url);
const client = require(join(root, 'crates', 'dossier-client-wasm', 'pkg-node'));
let server;

before(async () => { server = await startServer('client'); });
after(() => server?.stop());

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** A PDF of `size` bytes whose content varies (no two chunks alike). */
function pdf(size) {
  const bytes = Buffer.alloc(size);
  bytes.write('%PDF-1.4\n');
  let x = 0x2545f491;
  for (let i = 9; i < size - 6; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    bytes[i] = 97 + ((x >>> 0) % 26);
  }
  bytes.write('%%EOF\n', size - 6);
  return new Uint8Array(bytes);
}

/** The trip example, valid today, its documents pointing at one uploaded file. */
function trip(uploaded) {
  const d = current('outbound_trip');
  for (const doc of d.documents) doc.sha256 = uploaded.sha256;
  return d;
}

async function dbCount() {
  return countDossiers(server.db, server.work);
}

test('the npm package uploads and submits; the same call twice gives one dossier and the same receipt', async () => {
  const c = new client.Client(server.base);
  const before = await dbCount();
  const progress = [];
  const file = pdf(40_000);
  const uploaded = await c.upload(file, { mediaType: 'application/pdf', fileName: 'thu-moi.pdf', onProgress: (sent, total) => progress.push([sent, total]) });
  assert.deepEqual(uploaded, { sha256: sha256(file), sizeBytes: 40_000, mediaType: 'application/pdf' });
  assert.deepEqual(progress.at(-1), [40_000, 40_000]);
  const key = client.newIdempotencyKey();
  assert.match(key, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const dossier = trip(uploaded);
  const receipt = await c.submit(dossier, { idempotencyKey: key });
  assert.match(receipt.code, /^HS-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.equal(receipt.status, 'received');
  assert.equal(Object.getPrototypeOf(receipt), Object.prototype, 'a plain object, not a Map');
  const again = await c.submit(JSON.stringify(dossier), { idempotencyKey: key });
  assert.deepEqual(again, receipt);
  assert.equal(await dbCount(), before + 1);
  const status = await c.status(receipt.code, receipt.accessToken);
  assert.equal(status.status, 'received');
  assert.equal(await c.status(receipt.code, 'WRONG-TOKEN'), null);
});

test('errors carry the server code, the status and the body; usage errors say what is missing', async () => {
  const c = new client.Client(server.base);
  const err = await c.submit({ kind: 'outbound_trip' }, { idempotencyKey: client.newIdempotencyKey() }).then(() => null, (e) => e);
  assert.ok(err instanceof Error);
  assert.equal(err.code, 'DOSSIER_INVALID');
  assert.equal(err.status, 422);
  assert.ok(err.body.report.findings.length > 0, 'the server report comes with the error');
  assert.match(err.body.error.message.vi, /./);
  const usage = await c.submit({}, {}).then(() => null, (e) => e);
  assert.equal(usage.code, 'USAGE');
  assert.match(usage.message, /idempotencyKey/);
  const refused = await c.upload(new TextEncoder().encode('not a pdf'), { mediaType: 'application/pdf' }).then(() => null, (e) => e);
  assert.equal(refused.status, 422);
  assert.equal(refused.code, 'CONTENT_MISMATCH', 'the content is checked as for POST /api/v1/attachments');
  const wrongType = await c.upload(pdf(100), { mediaType: 'text/html' }).then(() => null, (e) => e);
  assert.equal(wrongType.status, 415);
  assert.equal(wrongType.code, 'MEDIA_TYPE');
  // Nobody listens on port 9: a network failure once the (narrowed) retry budget is spent.
  const nobody = new client.Client('http://127.0.0.1:9', { maxAttempts: 3, budgetMs: 2000 });
  const started = Date.now();
  const down = await nobody.status('HS-AAAA-AAAA', 'x').then(() => null, (e) => e);
  assert.equal(down.code, 'NETWORK');
  assert.equal(down.status, 0);
  assert.ok(Date.now() - started < 5000, 'the narrowed budget bounds the retries');
});

test('behind drops, a 503 and a lost response, the npm client stores exactly one dossier', async () => {
  const direct = new client.Client(server.base);
  const uploaded = await direct.upload(pdf(5_000), { mediaType: 'application/pdf' });
  const proxy = await faultProxy(server.base, ['drop', '503', 'drop', 'lose-response', 'forward']);
  try {
    const before = await dbCount();
    const c = new client.Client(proxy.url);
    const key = client.newIdempotencyKey();
    const receipt = await c.submit(trip(uploaded), { idempotencyKey: key });
    assert.match(receipt.code, /^HS-/);
    assert.ok(proxy.stats.connections >= 5, `every fault was met (${proxy.stats.connections} connections)`);
    assert.equal(await dbCount(), before + 1, 'exactly one dossier despite the lost response');
    assert.deepEqual(await c.submit(trip(uploaded), { idempotencyKey: key }), receipt);
  } finally {
    await proxy.close();
  }
});

test('the stock tus-js-client uploads a 6 MiB PDF; the result is usable in a submission', async () => {
  const file = Buffer.from(pdf(6 * 1024 * 1024));
  let announced;
  const url = await new Promise((resolve, reject) => {
    const upload = new tus.Upload(file, {
      endpoint: `${server.base}/api/v1/uploads`,
      chunkSize: 1024 * 1024,
      metadata: { filename: 'ke-hoach.pdf', filetype: 'application/pdf' },
      retryDelays: [0, 100, 500],
      onAfterResponse: (_req, res) => {
        const sha = res.getHeader('Dossier-Attachment-Sha256');
        if (sha) announced = sha;
      },
      onError: reject,
      onSuccess: () => resolve(upload.url),
    });
    upload.start();
  });
  assert.match(url, /\/api\/v1\/uploads\/[^/]+$/);
  assert.equal(announced, sha256(file), 'the server names the finished attachment by its SHA-256');
  const before = await dbCount();
  const receipt = await new client.Client(server.base).submit(trip({ sha256: announced }), { idempotencyKey: client.newIdempotencyKey() });
  assert.match(receipt.code, /^HS-/);
  assert.equal(await dbCount(), before + 1);
});

test('the WASM client upload cut at half way resumes where it stopped (< 1.6x the bytes)', async () => {
  const file = pdf(6 * 1024 * 1024);
  const proxy = await faultProxy(server.base, [{ cutAfter: 3 * 1024 * 1024 }, 'forward']);
  try {
    const progress = [];
    const c = new client.Client(proxy.url);
    const uploaded = await c.upload(file, { mediaType: 'application/pdf', fileName: 'ho-chieu.pdf', onProgress: (s, t) => progress.push([s, t]) });
    assert.equal(uploaded.sha256, sha256(file));
    assert.ok(proxy.stats.connections >= 2, 'the cut was met');
    const ratio = proxy.stats.up / file.length;
    assert.ok(ratio < 1.6, `${proxy.stats.up} bytes went up for ${file.length} (${ratio.toFixed(2)}x)`);
    assert.ok(progress.every((p, i) => i === 0 || progress[i - 1][0] <= p[0]), 'progress never goes back');
    assert.deepEqual(progress.at(-1), [file.length, file.length]);
  } finally {
    await proxy.close();
  }
});
