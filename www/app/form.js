// The form of one kind, rendered from the core's form description (describeForm): pages,
// fields, labels, hints, options, repeatable groups and visibility conditions all come from the
// core. Checks run in WASM on Continue (GOV.UK pattern); the draft is autosaved and can be saved
// to / opened from a file. Files, submission and status go through the Rust client
// (client.js); a dossier submitted without network waits in the outbox (outbox.js) and is sent
// once, with the idempotency key kept in the draft.
//
// The page's modules: form-state.js (the state), navigation.js (pages, Continue, check your
// answers), form-fields.js and commune-picker.js (the fields), uploads.js (files),
// error-summary.js, draft-file.js, submit.js (sending and the receipt), layout.js.
import { core } from './dossier.js';
import { lang } from './i18n.js';
import { startOffline } from './offline.js';
import { loadDraft, purgeExpired } from './device.js';
import { attachmentLimits, editionOf } from './edition.js';
import { resumeUploads, clearUploads } from './uploads.js';
import { renderPage, renderCheck, renderResume } from './navigation.js';
import { renderReceipt, renderQueued, onOutbox } from './submit.js';
import { form, emptyDraft } from './form-state.js';

/** Shows the page in its current view, in the current language. */
async function boot() {
  document.documentElement.lang = lang();
  form.d = await core();
  form.desc = form.d.describeForm(form.kind, lang());
  form.units ??= form.d.adminUnits();
  form.limits = attachmentLimits(editionOf(form.d, form.desc));
  const { view } = form;
  if (view === 'check') return renderCheck();
  if (view === 'receipt') return renderReceipt();
  if (view === 'queued') return renderQueued(form.state.key);
  const saved = form.supplementOf || form.counterToken ? null : loadDraft(form.kind);
  if (saved && view !== 'form-active') {
    form.view = 'form-active';
    // The draft's files go on uploading while the citizen decides (a reload interrupted them).
    resumeUploads(saved.data ?? {});
    if (Object.keys(saved.data ?? {}).length > 1) return renderResume(saved);
  }
  form.view = 'form-active';
  renderPage();
}

/** The device's data is gone: the page starts again, empty. */
function afterForget() {
  form.state = emptyDraft();
  form.receipt = null;
  clearUploads();
  form.view = 'form-active';
  renderPage();
}

form.restart = boot;
form.afterForget = afterForget;

addEventListener('offline', () => { const b = document.getElementById('offline-banner'); if (b) b.hidden = false; });
addEventListener('online', () => {
  const b = document.getElementById('offline-banner');
  if (b) b.hidden = true;
  if (form.view === 'form-active') resumeUploads(form.state.data);
});

purgeExpired().finally(() => {
  boot();
  startOffline(onOutbox);
});
