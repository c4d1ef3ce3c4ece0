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

/** The server's considered "no" (a JSON 4xx: the dossier or a file must change), or files this
 * device does not have. Anything else (no network, a captive portal's page, a local storage
 * error) may go later with the same key. */
export const isRefusal = (e) => e?.code === 'FILES_NOT_ON_DEVICE'
  || (e?.status >= 400 && e.status < 500 && ![408, 429].includes(e.status) && Boolean(e.body));

const channel = () => (typeof BroadcastChannel === 'function' ? new BroadcastChannel('dossier') : null);

/** Keeps a chosen file on the device until its dossier is sent. */
export function keepFile(file, sha256, mediaType) {
  return store.put('files', { sha256, file, mediaType, fileName: file.name, uploaded: false });
}

/** Changes a kept file's record if it is still kept (never re-creating what was deleted). */
async function updateKept(sha256, changes) {
  const kept = await store.get('files', sha256);
  if (kept) await store.put('files', { ...kept, ...changes });
}

/** Uploads a kept file, resuming the upload a reload, a lost network or an earlier attempt of
 * the service worker left (its URL is kept with the file). One upload per file at a time
 * across tabs and the worker. */
export function uploadKept(client, sha256, onProgress) {
  const run = async () => {
    const kept = await store.get('files', sha256);
    if (!kept) return null;
    const done = await client.upload(kept.file, {
      mediaType: kept.mediaType,
      fileName: kept.fileName,
      onProgress,
      uploadUrl: kept.uploadUrl ?? null,
      onUploadUrl: (url) => { updateKept(sha256, { uploadUrl: url }); },
    });
    await updateKept(sha256, { uploaded: true, uploadUrl: null });
    return done;
  };
  return globalThis.navigator?.locks ? navigator.locks.request(`dossier-upload-${sha256}`, run) : run();
}

const submitOnce = (client, dossier, key) => client.submit(dossier, { idempotencyKey: key });

/** Submits once; uploads what the server lacks from the device first when it says so. `how`
 * sends the dossier (a citizen's submission by default; a supplement, a counter filing). */
export async function send(client, { dossier, key }, onProgress, how = submitOnce) {
  try {
    return await how(client, dossier, key);
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
    return how(client, dossier, key);
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
    let receipt;
    try {
      receipt = await send(client, item);
    } catch (e) {
      if (!isRefusal(e)) break; // still offline, or not a real answer: all of it waits
      // Refused (the dossier or a file): kept, with the server's answer, for the user to fix.
      if (await store.get('outbox', item.key)) {
        await store.put('outbox', { ...item, state: 'refused', error: { code: e.code, status: e.status, body: e.body ?? null, missing: e.missing ?? null } });
        channel()?.postMessage({ type: 'refused', key: item.key });
      }
      continue;
    }
    // Stored on the server. If keeping the receipt fails here (storage full), the entry stays
    // and the next flush gets the same receipt with the same key.
    try {
      if (!(await store.get('outbox', item.key))) continue; // the device's data was deleted meanwhile
      await store.put('receipts', { key: item.key, kind: item.kind, receipt });
      await store.remove('outbox', item.key);
      for (const doc of item.dossier.documents ?? []) if (doc?.sha256) await store.remove('files', doc.sha256);
    } catch {
      break;
    }
    sent += 1;
    channel()?.postMessage({ type: 'sent', key: item.key });
  }
  return { sent, left: (await waiting()).length };
}

/** The receipt of a dossier sent in the background, once: it is removed as it is handed over. */
export async function takeReceipt(key) {
  const r = await store.get('receipts', key);
  if (r) await store.remove('receipts', key);
  return r ?? null;
}
