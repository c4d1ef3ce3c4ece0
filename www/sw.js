// The service worker (a module worker): the caches of sw-cache.js, and Background Sync of the
// outbox with the same client and the same code as the pages.
import '/precache.js';
import '/sw-cache.js';
import init, { Client } from '/pkg-client/dossier_client_wasm.js';
import { flush } from '/app/outbox.js';

let ready;
async function client() {
  ready ??= init();
  await ready;
  return new Client(self.location.origin);
}

self.addEventListener('sync', (event) => {
  if (event.tag !== 'dossier-outbox') return;
  // A dossier left waiting (still offline) fails the sync: the browser tries again later.
  event.waitUntil(flush(client).then((r) => { if (r.left) throw new Error('the outbox is not empty'); }));
});
