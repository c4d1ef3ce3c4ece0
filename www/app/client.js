// The submission client (the Rust dossier-client as WebAssembly, www/pkg-client), loaded the
// first time a page uploads, submits or looks a dossier up. Its retry policy is the CLI's,
// narrowed to 20 s so that a page on a dead network queues the dossier sooner.
let module;

function load() {
  module ??= import('/pkg-client/dossier_client_wasm.js').then(async (m) => { await m.default(); return m; });
  module.catch(() => { module = undefined; });
  return module;
}

export async function client() {
  const m = await load();
  return new m.Client(location.origin, { budgetMs: 20000 });
}

/** A new idempotency key (UUID v4): the client's, or the browser's when the client cannot load
 * (offline before it was ever needed). */
export async function newIdempotencyKey() {
  try {
    return (await load()).newIdempotencyKey();
  } catch {
    return crypto.randomUUID();
  }
}
