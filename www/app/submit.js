// Sending the dossier and what follows: the submission with its idempotency key (the same key
// for every attempt), the outbox when there is no network, a supplement or a filing at the
// counter (online only), and the receipt, the queued notice or the supplement's confirmation.
import { t, lang } from './i18n.js';
import { client, newIdempotencyKey } from './client.js';
import { send, enqueue, isRefusal, takeReceipt } from './outbox.js';
import { requestBackgroundSync } from './offline.js';
import * as deviceStore from './store.js';
import { dropDraft, keepReceipt, keptReceipts } from './device.js';
import { el } from './el.js';
import { showFindings } from './error-summary.js';
import { header, show } from './layout.js';
import { form, save, emptyDraft, validateNow } from './form-state.js';

/** Submits the dossier (the button shows progress), or queues it when there is no network. */
export async function submit(button) {
  const report = validateNow();
  if (showFindings(report.findings)) return;
  if (form.supplementOf || form.counterToken) return submitToTheDesk(button);
  if (!form.state.key) { form.state.key = await newIdempotencyKey(); save(); }
  const item = { kind: form.kind, dossier: form.state.data, key: form.state.key };
  if (navigator.onLine === false) return queue(item);
  button.disabled = true;
  button.textContent = t('submitting');
  try {
    const c = await client();
    const r = await send(c, item, (sent, total) => {
      const status = document.getElementById('submit-status');
      if (status) status.textContent = `${t('uploading')} ${Math.floor((100 * sent) / total)}%`;
    });
    return done(r);
  } catch (e) {
    // No network (or the client could not even load, or the answer was not the server's):
    // the dossier waits in the outbox and goes later with the same key.
    if (!isRefusal(e)) return queue(item);
    if (e.code === 'FILES_NOT_ON_DEVICE') {
      const findings = (form.state.data.documents ?? []).flatMap((doc, i) => (e.missing.includes(doc?.sha256)
        ? [{ severity: 'error', path: `/documents/${i}/file`, message: t('fileMissing') }] : []));
      showFindings(findings, t('refused'));
    } else {
      const findings = e.body?.report?.findings ?? [{ severity: 'error', path: '', message: e.body?.error?.message?.[lang()] ?? e.message }];
      showFindings(findings, t('refused'));
    }
  }
  button.disabled = false;
  button.textContent = t('submit');
}

/** A supplement (same code, the next version) or a filing at the counter: online only, through
 * the same client, uploading what the server lacks first. */
async function submitToTheDesk(button) {
  button.disabled = true;
  button.textContent = t('submitting');
  const progress = (sent, total) => {
    const status = document.getElementById('submit-status');
    if (status) status.textContent = `${t('uploading')} ${Math.floor((100 * sent) / total)}%`;
  };
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
    const findings = !isRefusal(e) ? [{ severity: 'error', path: '', message: t('supplementOffline') }]
      : e.body?.report?.findings ?? [{ severity: 'error', path: '', message: e.body?.error?.message?.[lang()] ?? e.message }];
    showFindings(findings, t('refused'));
  }
  button.disabled = false;
  button.textContent = t('submit');
  return undefined;
}

/** Removes this dossier's files kept on the device (after they reached the server). */
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

/** Puts the dossier in the outbox and says so; it goes when the network returns. */
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

/** The dossier waits in the outbox (its idempotency key `key`). */
export function renderQueued(key) {
  form.view = 'queued';
  form.state.key = key;
  document.title = `${t('queuedTitle')} – ${form.desc.title}`;
  show(el('div', { class: 'panel queued', id: 'queued' }, el('h1', { tabindex: '-1', text: t('queuedTitle') })),
    el('p', { text: t('queuedHelp') }));
  document.querySelector('h1').focus();
}

/** A dossier went (this page's outbox flush or the service worker's): show its receipt. */
export async function onOutbox(message) {
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

/** The receipt of the dossier just sent. */
export function renderReceipt() {
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
