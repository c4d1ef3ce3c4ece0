// Offline support for a page: the service worker (module worker with Background Sync where the
// browser has both; a classic caching worker elsewhere), and the outbox sent on `online`, on load
// and when the worker says a dossier went.
import { flush } from './outbox.js';
import { client } from './client.js';

async function registerWorker() {
  if (!('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register('/sw.js', { type: 'module', scope: '/' });
  } catch {
    await navigator.serviceWorker.register('/sw-classic.js', { scope: '/' }).catch(() => {});
  }
}

/** Sends the outbox now (when online). */
export function flushOutbox() {
  if (navigator.onLine === false) return Promise.resolve({ sent: 0 });
  return flush(client).catch(() => ({ sent: 0 }));
}

/** Asks the browser to run the worker's outbox flush when the network returns (Background Sync). */
export async function requestBackgroundSync() {
  try {
    const reg = await Promise.race([navigator.serviceWorker?.ready, new Promise((r) => { setTimeout(r, 2000); })]);
    await reg?.sync?.register('dossier-outbox');
  } catch { /* no Background Sync: the `online` event and the next page load send it */ }
}

/** Registers the worker, sends the outbox, and calls `onMessage` with {type, key} as dossiers go. */
export function startOffline(onMessage) {
  registerWorker();
  addEventListener('online', () => { flushOutbox(); });
  flushOutbox();
  if (onMessage && typeof BroadcastChannel === 'function') {
    new BroadcastChannel('dossier').onmessage = (e) => onMessage(e.data);
  }
}
