// The form of one kind, from the core's form description (describeForm); checks in WASM on
// Continue (GOV.UK pattern); the draft autosaved, and saved to / opened from a file. This module
// is the navigation: which view shows, Continue, Back, check your answers, drafts as files,
// sending and the receipt. Beside it: form-state.js, render.js, uploads.js.
import { core, idOf, todayInVietnam } from './dossier.js';
import { t, lang } from './i18n.js';
import { client, newIdempotencyKey } from './client.js';
import { send, enqueue, isRefusal, takeReceipt } from './outbox.js';
import * as deviceStore from './store.js';
import { el } from './el.js';
import { startOffline, requestBackgroundSync } from './offline.js';
import { loadDraft, saveDraft, dropDraft, keepReceipt, keptReceipts, purgeExpired } from './device.js';
import { attachmentLimits, editionOf } from './edition.js';
import { resumeUploads, clearUploads } from './uploads.js';
import { renderField, ensureGroups, collectConditions, findingsOnPage, showFindings, header, offlineBanner, showNotice, show } from './render.js';
import { form, save, emptyDraft, visible, valueAt, validateNow } from './form-state.js';

/** The current page; with `changedPointer`, only if other fields depend on it. */
function renderPage(focusId, changedPointer) {
  const { desc, state } = form;
  const page = desc.pages[state.page];
  desc.pages.forEach((p) => ensureGroups(p.fields, []));
  document.title = `${page.title} – ${desc.title}`;
  const dependents = new Set(desc.pages.flatMap((p) => collectConditions(p.fields)));
  if (changedPointer && !dependents.has(changedPointer)) return;
  const rerender = (fid, changed) => renderPage(fid, changed);
  const fields = el('form', { novalidate: true, onsubmit: (e) => { e.preventDefault(); next(); } },
    page.fields.map((f) => renderField(f, [], rerender)),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', id: 'continue' }, t('continue')),
      state.page > 0 ? el('button', { type: 'button', class: 'secondary', onclick: () => { form.state.page--; save(); renderPage(); } }, t('back')) : null));
  const active = document.activeElement?.id;
  show(offlineBanner(),
    el('p', { class: 'caption', text: `${desc.title} · ${t('pageOf', state.page + 1, desc.pages.length)}` }),
    el('div', { id: 'notice', class: 'notice', role: 'status' }),
    el('div', { id: 'summary' }),
    el('h1', { text: page.title }), fields, draftTools());
  showNotice();
  const focus = focusId ?? (changedPointer ? active : null);
  if (focus) document.getElementById(focus)?.focus();
}

/** Continue: the page's checks, then the next page (or the check page). */
function next() {
  const { desc, state } = form;
  const page = desc.pages[state.page];
  const report = validateNow();
  const findings = findingsOnPage(report, page);
  if (showFindings(findings)) return;
  state.page = state.returnToCheck || state.page + 1 >= desc.pages.length ? state.page : state.page + 1;
  if (state.returnToCheck || desc.pages.length === state.page + 1 && findings.length === 0 && page === desc.pages[state.page]) {
    state.returnToCheck = false;
    save();
    return renderCheck();
  }
  save();
  renderPage();
  window.scrollTo(0, 0);
}

function display(field, pointer) {
  const v = valueAt(pointer);
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) return t('empty');
  const label = (x) => field.options?.find((o) => o.value === x)?.label ?? String(x);
  if (field.input === 'repeat') return `${v.length} × ${field.itemLabel.toLowerCase()}`;
  if (field.input === 'group') return field.fields.map((f) => display(f, `${pointer}/${f.pointer.split('/').pop()}`)).filter((x) => x !== t('empty')).join(' · ');
  if (field.input === 'commune') return form.units().flatMap((p) => p.communes).find((c) => c.code === v)?.name ?? String(v);
  if (Array.isArray(v)) return v.map(label).join(', ');
  return label(v);
}

function renderCheck() {
  const { desc } = form;
  form.view = 'check';
  document.title = `${t('checkTitle')} – ${desc.title}`;
  const rows = desc.pages.flatMap((page, pi) => page.fields.filter((f) => visible(f, [])).map((f) => el('div', { class: 'row' },
    el('dt', { text: f.label }), el('dd', { text: display(f, f.pointer) }),
    el('dd', {}, el('a', { href: `#${idOf(f.pointer)}`, onclick: (e) => {
      e.preventDefault(); form.state.page = pi; form.state.returnToCheck = true; form.view = 'form-active'; save(); renderPage(idOf(f.pointer)); } },
      t('change'), el('span', { class: 'visually-hidden', text: ` ${f.label}` }))))));
  const button = el('button', { type: 'button', id: 'submit', onclick: () => submit(button) }, t('submit'));
  show(offlineBanner(),
    el('div', { id: 'notice', class: 'notice', role: 'status' }), el('div', { id: 'summary' }),
    el('h1', { text: t('checkTitle') }), el('dl', { class: 'answers' }, rows),
    el('div', { class: 'actions' }, button), el('p', { id: 'submit-status', role: 'status' }), draftTools());
  const report = validateNow();
  showFindings(report.findings);
}

/** A draft is on the device: go on with it, or start again. */
function renderResume(saved) {
  form.view = 'resume';
  document.title = `${t('resumeTitle')} – ${form.desc.title}`;
  show(el('h1', { text: t('resumeTitle') }),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'resume', onclick: () => { form.state = { ...form.state, ...saved }; form.view = 'form-active'; renderPage(); } }, t('resume')),
      el('button', { type: 'button', class: 'secondary', id: 'discard', onclick: () => {
        dropDraft(form.kind); form.state = emptyDraft(); form.view = 'form-active'; renderPage(); } }, t('discard'))));
}

// ---- drafts as files: the wire format of SPEC §4 (what `dossier validate` reads)

function draftTools() {
  const opener = el('input', { type: 'file', id: 'open-draft-file', accept: 'application/json,.json', hidden: true });
  opener.addEventListener('change', () => openDraft(opener.files[0]));
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

async function openDraft(file) {
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
  renderPage();
  resumeUploads(data);
}

// ---- sending: one idempotency key for every attempt; the outbox without network

function progress(sent, total) {
  const status = document.getElementById('submit-status');
  if (status) status.textContent = `${t('uploading')} ${Math.floor((100 * sent) / total)}%`;
}

/** Submits the dossier (the button shows progress), or queues it when there is no network. */
async function submit(button) {
  const report = validateNow();
  if (showFindings(report.findings)) return;
  if (form.supplementOf || form.counterToken) return submitToTheDesk(button);
  if (!form.state.key) { form.state.key = await newIdempotencyKey(); save(); }
  const item = { kind: form.kind, dossier: form.state.data, key: form.state.key };
  if (navigator.onLine === false) return queue(item);
  busy(button, true);
  try {
    const c = await client();
    const r = await send(c, item, progress);
    return done(r);
  } catch (e) {
    // Not the server's answer: the dossier waits in the outbox, to go with the same key.
    if (!isRefusal(e)) return queue(item);
    if (e.code === 'FILES_NOT_ON_DEVICE') {
      const findings = (form.state.data.documents ?? []).flatMap((doc, i) => (e.missing.includes(doc?.sha256)
        ? [{ severity: 'error', path: `/documents/${i}/file`, message: t('fileMissing') }] : []));
      showFindings(findings, t('refused'));
    } else {
      showFindings(refusal(e), t('refused'));
    }
  }
  busy(button, false);
}

/** The findings of the server's refusal `e`. */
const refusal = (e) => e.body?.report?.findings ?? [{ severity: 'error', path: '', message: e.body?.error?.message?.[lang()] ?? e.message }];

function busy(button, on) {
  button.disabled = on;
  button.textContent = t(on ? 'submitting' : 'submit');
}

/** A supplement (same code, next version) or a filing at the counter: online only. */
async function submitToTheDesk(button) {
  busy(button, true);
  try {
    const c = await client();
    const { supplementOf, counterToken } = form;
    if (supplementOf) {
      const r = await send(c, { dossier: form.state.data, key: null }, progress,
        (cl, dossier) => cl.supplement(supplementOf.code, supplementOf.token, dossier));
      sessionStorage.removeItem('dossier.supplement');
      await forgetFiles();
      return renderSupplemented(r);
    }
    if (!form.state.key) form.state.key = await newIdempotencyKey();
    const r = await send(c, { dossier: form.state.data, key: form.state.key }, progress,
      (cl, dossier, key) => cl.submitAtCounter(dossier, { idempotencyKey: key, staffToken: counterToken }));
    // The applicant's files leave the counter's device once they are the office's.
    await forgetFiles();
    sessionStorage.setItem('dossier.counter.receipt', JSON.stringify(r));
    location.assign(`/staff?id=${encodeURIComponent(r.id)}&print=mau-01`);
    return undefined;
  } catch (e) {
    showFindings(isRefusal(e) ? refusal(e) : [{ severity: 'error', path: '', message: t('supplementOffline') }], t('refused'));
  }
  busy(button, false);
  return undefined;
}

/** Removes this dossier's files from the device. */
async function forgetFiles() {
  for (const doc of form.state.data.documents ?? []) {
    if (doc?.sha256) await deviceStore.remove('files', doc.sha256).catch(() => {});
  }
}

function renderSupplemented(r) {
  form.view = 'receipt';
  document.getElementById('app').replaceChildren(header(), el('main', { id: 'main' },
    el('div', { class: 'panel', id: 'supplemented' }, el('h1', { tabindex: '-1', text: t('supplementDone', r.bodyVersion) })),
    el('p', {}, el('a', { href: `/status?code=${encodeURIComponent(r.code)}`, id: 'track' }, t('trackLink')))));
  document.querySelector('h1').focus();
}

async function queue(item) {
  await enqueue(item);
  dropDraft(form.kind);
  requestBackgroundSync();
  renderQueued(item.key);
}

function done(r) {
  dropDraft(form.kind);
  form.state = emptyDraft();
  form.receipt = r;
  renderReceipt();
}

function renderQueued(key) {
  form.view = 'queued';
  form.state.key = key;
  document.title = `${t('queuedTitle')} – ${form.desc.title}`;
  show(el('div', { class: 'panel queued', id: 'queued' }, el('h1', { tabindex: '-1', text: t('queuedTitle') })),
    el('p', { text: t('queuedHelp') }));
  document.querySelector('h1').focus();
}

/** A dossier went (this page's outbox flush or the service worker's): show its receipt. */
async function onOutbox(message) {
  if (message?.type === 'sent' && form.view === 'queued' && message.key === form.state.key) {
    const r = await takeReceipt(message.key);
    if (r) done(r.receipt);
  }
}

function copyButton(value, id) {
  const b = el('button', { type: 'button', class: 'secondary', id, onclick: async () => {
    try { await navigator.clipboard.writeText(value); b.textContent = t('copied'); } catch { /* the text stays selectable */ }
  } }, t('copy'));
  return b;
}

function renderReceipt() {
  form.view = 'receipt';
  const r = form.receipt;
  document.title = `${t('receiptTitle')} – ${form.desc.title}`;
  const kept = keptReceipts().some((k) => k.code === r.code);
  const keep = el('input', { type: 'checkbox', id: 'keep-receipt', checked: kept, 'aria-describedby': 'keep-receipt-hint',
    onchange: () => keepReceipt(r, keep.checked) });
  show(el('div', { class: 'panel' }, el('h1', { text: t('receiptTitle') }),
      el('p', {}, `${t('receiptCode')}: `, el('strong', { id: 'receipt-code', text: r.code }))),
    el('dl', { class: 'answers' },
      el('div', { class: 'row' }, el('dt', { text: t('receiptCode') }), el('dd', { text: r.code }), el('dd', {}, copyButton(r.code, 'copy-code'))),
      el('div', { class: 'row' }, el('dt', { text: t('accessToken') }), el('dd', { id: 'access-token', text: r.accessToken }), el('dd', {}, copyButton(r.accessToken, 'copy-token')))),
    el('p', { text: t('receiptHelp') }),
    el('div', { class: 'choice' }, keep, el('label', { for: 'keep-receipt', text: t('keepOnDevice') })),
    el('p', { class: 'hint', id: 'keep-receipt-hint', text: t('keepOnDeviceHint') }),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, t('print')),
      el('a', { href: `/status?code=${encodeURIComponent(r.code)}`, id: 'track' }, t('trackLink'))));
  document.querySelector('h1').setAttribute('tabindex', '-1');
  document.querySelector('h1').focus();
}

async function boot() {
  document.documentElement.lang = lang();
  form.d = await core();
  form.desc = form.d.describeForm(form.kind, lang());
  form.limits = attachmentLimits(editionOf(form.d, form.desc));
  const { view } = form;
  if (view === 'check') return renderCheck();
  if (view === 'receipt') return renderReceipt();
  if (view === 'queued') return renderQueued(form.state.key);
  const saved = form.supplementOf || form.counterToken ? null : loadDraft(form.kind);
  if (saved && view !== 'form-active') {
    form.view = 'form-active';
    // The draft's files go on uploading while the citizen decides (a reload interrupted them).
    purged.then(() => resumeUploads(saved.data ?? {}));
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

// Expired drafts are gone before purgeExpired's first await; uploads and the outbox wait for
// the expired files to go. The validator loads meanwhile.
const purged = purgeExpired().catch(() => {});
core().catch(() => {});
boot();
purged.then(() => startOffline(onOutbox));
