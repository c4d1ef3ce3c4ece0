// Drafts as files: the draft saved as JSON in the wire format of SPEC §4 (what `dossier
// validate` reads), and a draft opened from such a file (this procedure's, or kept as the draft
// of another procedure).
import { todayInVietnam } from './dossier.js';
import { t, lang } from './i18n.js';
import { el } from './el.js';
import { loadDraft, saveDraft } from './device.js';
import { resumeUploads } from './uploads.js';
import { showNotice } from './layout.js';
import { form, save } from './form-state.js';

/** Saving the draft to a file and opening one; `onOpened()` shows the opened draft. */
export function draftTools(onOpened) {
  const opener = el('input', { type: 'file', id: 'open-draft-file', accept: 'application/json,.json', hidden: true });
  opener.addEventListener('change', () => openDraft(opener.files[0], onOpened));
  return el('section', { class: 'draft-tools', 'aria-labelledby': 'draft-tools-title' },
    el('h2', { id: 'draft-tools-title', class: 'visually-hidden', text: t('saveDraftFile') }),
    el('p', { class: 'hint', text: t('draftFileHelp') }),
    el('button', { type: 'button', class: 'secondary', id: 'save-draft-file', onclick: saveDraftFile }, t('saveDraftFile')),
    el('button', { type: 'button', class: 'secondary', id: 'open-draft-file-button', onclick: () => opener.click() }, t('openDraftFile')),
    opener);
}

/** The draft as a file in the wire format of SPEC §4 (what `dossier validate` reads). */
function saveDraftFile() {
  const name = `ho-so-${form.kind.replaceAll('_', '-')}-${todayInVietnam()}.json`;
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(form.state.data, null, 2)}\n`], { type: 'application/json' }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  form.notice = { text: t('draftSaved', name) };
  showNotice();
}

async function openDraft(file, onOpened) {
  if (!file) return;
  let data;
  try {
    data = JSON.parse(await file.text());
  } catch {
    data = null;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data) || typeof data.kind !== 'string') {
    form.notice = { text: t('draftNotJson'), error: true };
    return showNotice();
  }
  if (data.kind !== form.kind) {
    let title = null;
    try { title = form.d.describeForm(data.kind, lang()).title; } catch { /* not a kind */ }
    if (!title) {
      form.notice = { text: t('draftNotJson'), error: true };
      return showNotice();
    }
    const link = { href: `/forms/${data.kind}`, text: t('openOtherForm') };
    // Never over a draft of that procedure already on this device.
    if (loadDraft(data.kind)) {
      form.notice = { text: t('draftOtherKindBusy', title), link };
      return showNotice();
    }
    saveDraft(data.kind, { data, page: 0, key: null });
    form.notice = { text: t('draftOtherKind', title), link };
    return showNotice();
  }
  form.state = { data, page: 0, key: null, returnToCheck: false };
  save();
  form.notice = { text: t('draftOpened', file.name) };
  form.view = 'form-active';
  onOpened();
  resumeUploads(data);
}
