// Upload throughput on loopback: POST /api/v1/attachments (one request) against the resumable
// tus upload at /api/v1/uploads, by the npm client (the Rust client as WebAssembly: chunks sized
// to the link, 256 KiB doubling up to 4 MiB on loopback, each with its SHA-256) and by the stock tus-js-client (one PATCH, and 512 KiB chunks).
// Median of 5 runs per size, distinct content each run. A script, not a test:
// `DOSSIER_BIN=target/release/dossier node tests/js/bench-upload.mjs`.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import http from 'node:http';
import * as tus from 'tus-js-client';
import { root } from './corpus.mjs';
import { startServer } from './server.mjs';

const require = createRequire(import.meta.url);
const client = require(join(root, 'crates', 'dossier-client-wasm', 'pkg-node'));
const server = await startServer('bench-upload', ['--limit-uploads-per-hour', '0', '--limit-upload-bytes-per-hour', '0']);
const MiB = 1024 * 1024;
let seed = 1;

function pdf(size) {
  const b = Buffer.alloc(size);
  b.write('%PDF-1.4\n');
  let x = seed++ * 2654435761 >>> 0 || 1;
  for (let i = 9; i < size - 6; i += 4) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; b.writeUInt32LE(x >>> 0, i); }
  b.write('%%EOF\n', size - 6);
  return b;
}

function post(body) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.base}/api/v1/attachments`, { method: 'POST', headers: { 'content-type': 'application/pdf', 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 201 || res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function tusJs(body, chunkSize) {
  return new Promise((resolve, reject) => {
    const u = new tus.Upload(body, {
      endpoint: `${server.base}/api/v1/uploads`, chunkSize,
      metadata: { filename: 'b.pdf', filetype: 'application/pdf' },
      onError: reject, onSuccess: resolve,
    });
    u.start();
  });
}

const wasm = new client.Client(server.base);
const ways = {
  'POST /api/v1/attachments': (b) => post(b),
  'tus, npm client (WASM, chunks from 256 KiB doubling to 4 MiB on loopback, each with its SHA-256)': (b) => wasm.upload(new Uint8Array(b), { mediaType: 'application/pdf' }),
  'tus, tus-js-client (one PATCH)': (b) => tusJs(b, Infinity),
  'tus, tus-js-client (512 KiB chunks)': (b) => tusJs(b, 512 * 1024),
};
const sizes = [1 * MiB, 10 * MiB - 1024];
console.log(`| way | ${sizes.map((s) => `${(s / MiB).toFixed(0)} MiB`).join(' | ')} |`);
console.log(`|---|${sizes.map(() => '---').join('|')}|`);
for (const [name, go] of Object.entries(ways)) {
  const cells = [];
  for (const size of sizes) {
    await go(pdf(size)); // warm-up
    const times = [];
    for (let i = 0; i < 5; i++) {
      const body = pdf(size);
      const t = performance.now();
      await go(body);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const ms = times[2];
    cells.push(`${((size / MiB) / (ms / 1000)).toFixed(0)} MiB/s (${ms.toFixed(0)} ms)`);
  }
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}
server.stop();
