// The service worker for browsers without module service workers (they have no Background Sync
// either: the pages send the outbox on `online` and on load).
importScripts('/precache.js', '/sw-cache.js');
