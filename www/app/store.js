// What the pages keep on the device, in IndexedDB (usable from the pages and from the service
// worker): the files chosen for a dossier (so that an upload resumes after a reload and a
// queued dossier can be sent later), the outbox of dossiers waiting for the network, and the
// receipts of dossiers sent in the background until they are shown. Everything older than
// RETENTION_DAYS is removed (SPEC §11); `forget` removes everything.

export const RETENTION_DAYS = 30;
const DB = 'dossier';
const STORES = { files: 'sha256', outbox: 'key', receipts: 'key' };

let connection; // a promise of the open database, once it is open

/** Opens the database; when it does not exist and `create` is false, `null` (nothing is created
 * just to read: after `forget` the device keeps nothing until something is saved again). */
function open(create) {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    let aborted = false;
    req.onupgradeneeded = (e) => {
      if (!create && e.oldVersion === 0) {
        aborted = true;
        req.transaction.abort();
        return;
      }
      for (const [name, keyPath] of Object.entries(STORES)) {
        if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name, { keyPath });
      }
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = (e) => {
      if (aborted) { e.preventDefault(); resolve(null); } else reject(req.error);
    };
  });
}

async function db(create) {
  if (connection) return connection;
  const conn = await open(create);
  if (!conn) return null;
  if (connection) { conn.close(); return connection; }
  // Another page deleting the database (forget) must not be blocked by this connection.
  conn.onversionchange = () => { conn.close(); connection = undefined; };
  connection = Promise.resolve(conn);
  return conn;
}

async function run(store, mode, fn) {
  const conn = await db(mode === 'readwrite');
  if (!conn) return undefined; // no database: nothing to read
  return new Promise((resolve, reject) => {
    const tx = conn.transaction(store, mode);
    const req = fn(tx.objectStore(store));
    tx.oncomplete = () => resolve(req?.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const get = (store, key) => run(store, 'readonly', (s) => s.get(key));
export const all = async (store) => (await run(store, 'readonly', (s) => s.getAll())) ?? [];
export const put = (store, value) => run(store, 'readwrite', (s) => s.put({ savedAt: Date.now(), ...value }));
export async function remove(store, key) {
  if (!(await db(false))) return; // no database: nothing to delete, and nothing is created
  await run(store, 'readwrite', (s) => s.delete(key));
}

/** Whether `savedAt` (ms since the epoch) is older than the retention period. */
export const expired = (savedAt) => !(Date.now() - savedAt < RETENTION_DAYS * 86400e3);

/** Removes what has been kept longer than the retention period. */
export async function purgeExpired() {
  for (const store of Object.keys(STORES)) {
    for (const item of await all(store)) {
      if (expired(item.savedAt)) await remove(store, item[STORES[store]]);
    }
  }
}

/** Removes the whole database. */
export async function forget() {
  const conn = await connection;
  conn?.close();
  connection = undefined;
  await new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(DB);
    req.onsuccess = resolve;
    req.onerror = () => reject(req.error);
    req.onblocked = resolve; // completes once the other connections close (onversionchange)
  });
}
