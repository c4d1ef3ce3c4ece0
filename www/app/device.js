// What the pages keep on the device (SPEC §11): drafts (localStorage, per kind), the files,
// outbox and background receipts (IndexedDB, store.js), receipts the user chose to keep, the
// language. Drafts, files and the outbox expire after RETENTION_DAYS; "Xóa dữ liệu trên thiết
// bị này" removes everything.
import * as store from './store.js';
import { t } from './i18n.js';
import { el } from './el.js';

const DRAFT = 'dossier.draft.';
const RECEIPTS = 'dossier.receipts';

export const draftKey = (kind) => `${DRAFT}${kind}`;

export function loadDraft(kind) {
  const saved = JSON.parse(localStorage.getItem(draftKey(kind)) ?? 'null');
  if (!saved || store.expired(saved.savedAt ?? 0)) return null;
  return saved;
}

export function saveDraft(kind, draft) {
  localStorage.setItem(draftKey(kind), JSON.stringify({ ...draft, savedAt: Date.now() }));
}

export const dropDraft = (kind) => localStorage.removeItem(draftKey(kind));

/** Receipts kept on this device because the user ticked "Lưu trên thiết bị này". */
export const keptReceipts = () => JSON.parse(localStorage.getItem(RECEIPTS) ?? '[]');

export function keepReceipt(receipt, keep) {
  const others = keptReceipts().filter((r) => r.code !== receipt.code);
  const next = keep ? [...others, { code: receipt.code, accessToken: receipt.accessToken }] : others;
  if (next.length) localStorage.setItem(RECEIPTS, JSON.stringify(next));
  else localStorage.removeItem(RECEIPTS);
}

/** Removes the drafts, files and outbox entries older than the retention period (the drafts
 * before the first await). */
export async function purgeExpired() {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const k = localStorage.key(i);
    if (!k?.startsWith(DRAFT)) continue;
    let savedAt = 0;
    try { savedAt = JSON.parse(localStorage.getItem(k))?.savedAt ?? 0; } catch { /* unreadable: expired */ }
    if (store.expired(savedAt)) localStorage.removeItem(k);
  }
  await store.purgeExpired().catch(() => {});
}

/** Removes everything the pages keep on this device. */
export async function forgetDevice() {
  localStorage.clear();
  await store.forget();
}

/** The footer of every public page: what stays on this device, and how to remove it. `after`
 * runs once the data is gone (the page shows itself empty). */
export function deviceFooter(after) {
  const note = el('p', { id: 'forget-status', role: 'status' });
  const confirm = el('div', { class: 'panel-confirm', id: 'forget-panel', hidden: true },
    el('p', { text: t('forgetConfirm') }),
    el('button', { type: 'button', class: 'warning', id: 'forget-confirm', onclick: async () => {
      await forgetDevice();
      confirm.hidden = true;
      await after?.();
      const shown = document.getElementById('forget-status');
      if (shown) shown.textContent = t('forgotten');
    } }, t('forgetYes')),
    el('button', { type: 'button', class: 'secondary', onclick: () => { confirm.hidden = true; } }, t('forgetNo')));
  return el('footer', { class: 'device' },
    el('h2', { text: t('onThisDevice') }),
    el('p', { class: 'hint', text: t('onThisDeviceHelp', store.RETENTION_DAYS) }),
    el('button', { type: 'button', class: 'secondary', id: 'forget', onclick: () => {
      confirm.hidden = false;
      document.getElementById('forget-confirm').focus();
    } }, t('forget')),
    confirm, note);
}
