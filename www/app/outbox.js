// Sending a dossier exactly once, now or later. `send` submits with the dossier's idempotency
// key and, when the server lacks some of its files (ATTACHMENT_MISSING), uploads them from the
// device and submits again. Dossiers that cannot go now wait in the outbox (IndexedDB) and are
// sent by `flush` when the network returns: from a page (on `online` and on load) or from the
// service worker (Background Sync). Every attempt reuses the same key, so however many times
// and from wherever a dossier is sent, the server stores it once and answers the same receipt.
// Used by the pages and by the service worker: no DOM, no localStorage here.
import * as store from './store.js';

/** Failures after which trying again later can succeed (the client already retried). */
export const isNetworkFailure = (e) => ['NETWORK', 'TIMEOUT', 'UNAVAILABLE'].includes(e?.code);

const channel = () => (typeof BroadcastChannel === 'function' ? new BroadcastChannel('dossier') : null);

/** Keeps a chosen file on the device until its dossier is sent. */
export function keepFile(file, sha256, mediaType) {
  return store.put('files', { sha256, file, mediaType, fileName: file.name, uploaded: false });
}

/** Uploads a kept file (resuming an upload a reload interrupted). */
export async function uploadKept(client, sha256, onProgress) {
  const kept = await store.get('files', sha256);
  if (!kept) return null;
  const done = await client.upload(kept.file, { mediaType: kept.mediaType, fileName: kept.fileName, onProgress });
  await store.put('files', { ...kept, uploaded: true });
  return done;
}

/** Submits once; uploads what the server lacks from the device first when it says so. */
export async function send(client, { dossier, key }, onProgress) {
  try {
    return await client.submit(dossier, { idempotencyKey: key });
  } catch (e) {
    if (e.code !== 'ATTACHMENT_MISSING') throw e;
    const missing = e.body?.missing ?? [];
    const absent = [];
    for (const sha of missing) {
      if (!(await uploadKept(client, sha, onProgress))) absent.push(sha);
    }
    if (absent.length) {
      const err = new Error('files not on this device');
      err.code = 'FILES_NOT_ON_DEVICE';
      err.missing = absent;
      throw err;
    }
    return client.submit(dossier, { idempotencyKey: key });
  }
}

/** Puts a dossier in the outbox. */
export function enqueue({ kind, dossier, key }) {
  return store.put('outbox', { key, kind, dossier, state: 'waiting' });
}

export const waiting = async () => (await store.all('outbox')).filter((i) => i.state === 'waiting');

let flushing;
/** Sends every waiting dossier, one at a time; one flush at a time across pages and the worker. */
export function flush(getClient) {
  const go = () => sendWaiting(getClient);
  flushing ??= (globalThis.navigator?.locks ? navigator.locks.request('dossier-outbox', go) : go())
    .finally(() => { flushing = undefined; });
  return flushing;
}

async function sendWaiting(getClient) {
  const items = await waiting();
  if (!items.length) return { sent: 0, left: 0 };
  const client = await getClient();
  let sent = 0;
  for (const item of items) {
    try {
      const receipt = await send(client, item);
      await store.put('receipts', { key: item.key, kind: item.kind, receipt });
      await store.remove('outbox', item.key);
      for (const doc of item.dossier.documents ?? []) if (doc?.sha256) await store.remove('files', doc.sha256);
      sent += 1;
      channel()?.postMessage({ type: 'sent', key: item.key });
    } catch (e) {
      if (isNetworkFailure(e)) break; // still offline: the rest waits too
      // Refused (the dossier or a file): kept, with the server's answer, for the user to fix.
      await store.put('outbox', { ...item, state: 'refused', error: { code: e.code, status: e.status, body: e.body ?? null, missing: e.missing ?? null } });
      channel()?.postMessage({ type: 'refused', key: item.key });
    }
  }
  return { sent, left: (await waiting()).length };
}

/** The receipt of a dossier sent in the background, once: it is removed as it is handed over. */
export async function takeReceipt(key) {
  const r = await store.get('receipts', key);
  if (r) await store.remove('receipts', key);
  return r ?? null;
}
