// The start page: the three procedures, each with what it needs (from the core's exports); the
// dossiers saved without network (waiting, sent since, or refused), and the device's data.
import { core } from './dossier.js';
import { t, lang, languageSwitch } from './i18n.js';
import { startOffline } from './offline.js';
import { takeReceipt } from './outbox.js';
import * as store from './store.js';
import { saveDraft, keepReceipt, keptReceipts, purgeExpired, deviceFooter } from './device.js';
import { el } from './el.js';
import { editionOf, kindsOf, requiredDocuments } from './edition.js';

/** Receipts of dossiers the outbox sent while no page showed them (handed over once). */
const shown = [];

/** The outbox as the citizen should see it: what waits, what went, what the server refused. */
async function outboxPanel() {
  const items = await store.all('outbox').catch(() => []);
  for (const r of await store.all('receipts').catch(() => [])) {
    const taken = await takeReceipt(r.key);
    if (taken) shown.push(taken.receipt);
  }
  const parts = [];
  const waiting = items.filter((i) => i.state === 'waiting');
  if (waiting.length) parts.push(el('p', { class: 'notice', id: 'outbox-waiting', text: t('waiting', waiting.length) }));
  for (const r of shown) {
    const keep = el('input', { type: 'checkbox', id: `keep-${r.code}`, checked: keptReceipts().some((k) => k.code === r.code), onchange: () => keepReceipt(r, keep.checked) });
    parts.push(el('div', { class: 'panel-confirm sent-later' },
      el('h2', { text: t('sentLater') }),
      el('p', {}, `${t('receiptCode')}: `, el('strong', { class: 'receipt-code', text: r.code })),
      el('p', {}, `${t('accessToken')}: `, el('strong', { class: 'access-token', text: r.accessToken })),
      el('div', { class: 'choice' }, keep, el('label', { for: `keep-${r.code}`, text: t('keepOnDevice') })),
      el('p', { class: 'hint', text: t('keepOnDeviceHint') })));
  }
  for (const item of items.filter((i) => i.state === 'refused')) {
    const findings = item.error?.body?.report?.findings?.filter((f) => f.severity === 'error') ?? [];
    const message = item.error?.body?.error?.message?.[lang()];
    parts.push(el('div', { class: 'error-summary refused-later' },
      el('h2', { text: t('refusedLater') }),
      el('ul', {}, (findings.length ? findings.map((f) => f.message) : [message ?? item.error?.code]).map((m) => el('li', { text: m }))),
      el('button', { type: 'button', onclick: async () => {
        // Fixed, it is a new submission: a new idempotency key is made when it is sent.
        saveDraft(item.kind, { data: item.dossier, page: 0, key: null });
        await store.remove('outbox', item.key);
        location.href = `/forms/${item.kind}`;
      } }, t('reopen'))));
  }
  return el('section', { id: 'outbox', 'aria-live': 'polite' }, parts);
}

async function render() {
  document.documentElement.lang = lang();
  document.title = t('service');
  const d = await core();
  const procedures = kindsOf(d).map((kind) => {
    const form = d.describeForm(kind, lang());
    return el('section', { class: 'procedure' },
      el('h3', { text: form.title }),
      el('p', { text: `${t('needs')}:` }),
      el('ul', {}, requiredDocuments(editionOf(d, form), form).map((doc) => el('li', { text: doc.label }))),
      el('a', { href: `/forms/${kind}`, class: 'button', id: `start-${kind}` }, `${t('start')}: ${form.title}`));
  });
  const main = el('main', { id: 'main' },
    el('h1', { text: t('service') }),
    await outboxPanel(),
    el('h2', { text: t('procedures') }),
    procedures,
    el('p', {}, el('a', { href: '/status' }, t('trackLink'))));
  const header = el('header', { class: 'top' }, el('span', { class: 'service', text: t('service') }), languageSwitch(render));
  document.getElementById('app').replaceChildren(header, main, deviceFooter(() => { shown.length = 0; return render(); }));
}

purgeExpired().finally(() => {
  render();
  startOffline(() => render());
});
