// Loads the WASM validator once and shares helpers for pointers and the API.
import init, * as wasm from '/pkg/dossier_wasm.js';

let ready;
export function core() {
  ready ??= init().then(() => wasm);
  return ready;
}

export function todayInVietnam() {
  return new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
}

const unescape = (s) => s.replaceAll('~1', '/').replaceAll('~0', '~');
export const parts = (pointer) => (pointer ? pointer.split('/').slice(1).map(unescape) : []);
export const idOf = (pointer) => pointer.replace(/^\//, '').replaceAll('/', '.');

export function getAt(obj, pointer) {
  let v = obj;
  for (const p of parts(pointer)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[p];
  }
  return v;
}

export function setAt(obj, pointer, value) {
  const ps = parts(pointer);
  let v = obj;
  ps.slice(0, -1).forEach((p, i) => {
    if (v[p] === undefined || v[p] === null || typeof v[p] !== 'object') v[p] = /^\d+$/.test(ps[i + 1]) ? [] : {};
    v = v[p];
  });
  const last = ps[ps.length - 1];
  if (value === undefined) {
    if (Array.isArray(v)) v.splice(Number(last), 1);
    else delete v[last];
  } else {
    v[last] = value;
  }
}

/** fetch with retries on network errors, 5xx and 429 (exponential backoff, full jitter). */
export async function fetchRetry(url, init, { attempts = 5, onRetry = () => {} } = {}) {
  let lastError;
  for (let i = 1; i <= attempts; i++) {
    try {
      const resp = await fetch(url, init);
      if (resp.status < 500 && resp.status !== 429) return resp;
      lastError = new Error(`HTTP ${resp.status}`);
    } catch (e) {
      lastError = e;
    }
    if (i < attempts) {
      onRetry(i);
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(4000, 250 * 2 ** i)));
    }
  }
  throw lastError;
}
