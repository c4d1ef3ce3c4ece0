// A document's file: checked against the edition's limits, known by its SHA-256, kept on the
// device, uploaded with progress through the client and resumed after a reload.
import { idOf, setAt } from './dossier.js';
import { t, lang, orList } from './i18n.js';
import { client } from './client.js';
import { keepFile, uploadKept, isRefusal } from './outbox.js';
import * as deviceStore from './store.js';
import { el } from './el.js';
import { mediaTypeName, mib } from './edition.js';
import { form, save, valueAt } from './form-state.js';

const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The upload states shown next to each file, by SHA-256 (they outlive re-renders). */
const uploads = new Map(); // sha256 → { text, sent, total, running }

export const clearUploads = () => uploads.clear();

function showUpload(sha256, update) {
  const next = { ...(uploads.get(sha256) ?? {}), ...update };
  uploads.set(sha256, next);
  document.querySelectorAll(`[data-upload="${CSS.escape(sha256)}"]`).forEach((box) => {
    box.querySelector('.upload-status').textContent = next.text ?? '';
    const bar = box.querySelector('progress');
    bar.hidden = !next.total;
    if (next.total) { bar.max = next.total; bar.value = next.sent ?? 0; }
  });
}

/** A kept file whose upload stopped on a failure that may pass (the network, an upload another
 * request still holds) is tried again while the page is open: every 15 s, at most 20 times. */
const RETRY_MS = 15000;
const MAX_RETRIES = 20;
const retries = new Map(); // sha256 → retries so far

/** Uploads a kept file from where a reload or a drop left it. */
async function startUpload(sha256, fileName) {
  if (uploads.get(sha256)?.running) return;
  if (navigator.onLine === false) { showUpload(sha256, { text: t('fileKept') }); return; }
  showUpload(sha256, { running: true, text: `${t('uploading')}…` });
  try {
    const c = await client();
    const done = await uploadKept(c, sha256, (sent, total) => {
      showUpload(sha256, { sent, total, text: `${t('uploading')} ${Math.floor((100 * sent) / total)}%` });
    });
    showUpload(sha256, { running: false, text: done ? `${t('uploaded')}: ${fileName}` : t('fileMissing') });
  } catch (e) {
    const refused = isRefusal(e);
    const text = refused ? (e.body?.error?.message?.[lang()] ?? e.message) : t('fileKept');
    showUpload(sha256, { running: false, text });
    const tried = retries.get(sha256) ?? 0;
    if (!refused && tried < MAX_RETRIES) {
      retries.set(sha256, tried + 1);
      setTimeout(() => startUpload(sha256, fileName), RETRY_MS);
    }
  }
}

/** Resumes the uploads of `data`'s files. */
export async function resumeUploads(data) {
  for (const doc of data.documents ?? []) {
    if (!doc?.sha256) continue;
    const kept = await deviceStore.get('files', doc.sha256).catch(() => null);
    if (kept && !kept.uploaded) startUpload(doc.sha256, kept.fileName);
  }
}

/** Why `file` cannot be attached under the edition's `limits`, or null. */
function refusal(file, { mediaTypes, maxBytes }) {
  if (!mediaTypes.includes(file.type)) return t('fileType', orList(mediaTypes.map(mediaTypeName)));
  if (file.size > maxBytes) return t('fileSize', mib(maxBytes, lang()));
  return null;
}

/** The file control of the document at `itemPointer`; `onStructure(focusId)` re-renders. */
export function uploadControl(itemPointer, onStructure) {
  const id = `${idOf(itemPointer)}.file`;
  const sha = valueAt(`${itemPointer}/sha256`);
  const status = el('span', { class: 'upload-status', id: `${id}-status`, role: 'status' });
  const bar = el('progress', { id: `${id}-progress`, hidden: true, 'aria-label': t('uploadProgress', valueAt(`${itemPointer}/fileName`) ?? '') });
  const box = el('div', { class: 'field upload', 'data-upload': sha ?? '' }, el('label', { for: id, text: t('upload') }));
  const input = el('input', { type: 'file', id, accept: form.limits.mediaTypes.join(',') });
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    const problem = refusal(file, form.limits);
    if (problem) { status.textContent = problem; return; }
    // Known by its SHA-256 at once, so the form is complete offline; kept until sent.
    const sha256 = hex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
    await keepFile(file, sha256, file.type);
    const data = form.state.data;
    setAt(data, `${itemPointer}/fileName`, file.name);
    setAt(data, `${itemPointer}/mediaType`, file.type);
    setAt(data, `${itemPointer}/sizeBytes`, file.size);
    setAt(data, `${itemPointer}/sha256`, sha256);
    save();
    onStructure(`${idOf(itemPointer)}.type`);
    startUpload(sha256, file.name);
  });
  box.append(input, bar, status);
  if (sha) {
    box.dataset.upload = sha;
    queueMicrotask(() => showUpload(sha, {}));
  }
  return box;
}
