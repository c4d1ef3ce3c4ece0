// Loads the WASM validator once and shares helpers for pointers (JSON Pointer, the `{i}` of
// repeated fields, visibility conditions) and dates.
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
  // Pointers come from the form description; a key that reaches the prototype is never one.
  if (ps.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype')) return;
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

/** A pointer of the form description with its `{i}` filled in by `indices`, in order. */
export const concrete = (pointer, indices) => {
  let i = 0;
  return pointer.replace(/\{i\}/g, () => String(indices[i++] ?? 0));
};

/** Whether `field` shows for `data` (its `showWhen` condition). */
export function visibleIn(data, field, indices = []) {
  if (!field.showWhen) return true;
  return field.showWhen.anyOf.includes(getAt(data, concrete(field.showWhen.pointer, indices)));
}
