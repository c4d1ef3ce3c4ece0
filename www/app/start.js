// The start page: the three procedures, each with what it needs (from the core's exports); the
// dossiers saved without network (waiting, sent since, or refused), and the device's data.
import { core } from './dossier.js';
import { t, lang, languageSwitch } from './i18n.js';
import { startOffline } from './offline.js';
import { takeReceipt } from './outbox.js';
import * as store from './store.js';
import { saveDraft, keepReceipt, keptReceipts, purgeExpired, deviceFooter } from './device.js';
import { el } from './el.js';

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

const KINDS = ['conference_permit', 'ngo_licence', 'outbound_trip'];
// The documents each procedure requires, as the rulebook lists them.
const NEEDS = { conference_permit: ['CONF-04', 'types'], ngo_licence: ['NGO-11', 'new'], outbound_trip: ['TRIP-08', 'official'] };

async function render() {
  document.documentElement.lang = lang();
  const d = await core();
  const rules = d.rulebook().editions[0].rules;
  const app = document.getElementById('app');
  const main = document.createElement('main');
  main.id = 'main';
  const h1 = document.createElement('h1');
  h1.textContent = t('service');
  main.append(h1);
  const h2 = document.createElement('h2');
  h2.textContent = t('procedures');
  main.append(h2);
  for (const kind of KINDS) {
    const form = d.describeForm(kind, lang());
    const docField = form.pages.at(-1).fields[0].fields.find((f) => f.pointer.endsWith('/type'));
    const [rule, key] = NEEDS[kind];
    const types = rules.find((r) => r.id === rule).parameters[key];
    const section = document.createElement('section');
    section.className = 'procedure';
    const h3 = document.createElement('h3');
    h3.textContent = form.title;
    const p = document.createElement('p');
    p.textContent = `${t('needs')}:`;
    const ul = document.createElement('ul');
    for (const type of types) {
      const li = document.createElement('li');
      li.textContent = docField.options.find((o) => o.value === type)?.label ?? type;
      ul.append(li);
    }
    const a = document.createElement('a');
    a.href = `/forms/${kind}`;
    a.className = 'button';
    a.id = `start-${kind}`;
    a.textContent = `${t('start')}: ${form.title}`;
    section.append(h3, p, ul, a);
    main.append(section);
  }
  const track = document.createElement('p');
  const link = document.createElement('a');
  link.href = '/status';
  link.textContent = t('trackLink');
  track.append(link);
  main.append(track);
  const header = document.createElement('header');
  header.className = 'top';
  const service = document.createElement('span');
  service.className = 'service';
  service.textContent = t('service');
  header.append(service, languageSwitch(render));
  document.title = t('service');
  h1.after(await outboxPanel());
  app.replaceChildren(header, main, deviceFooter(() => { shown.length = 0; return render(); }));
}

purgeExpired().finally(() => {
  render();
  startOffline(() => render());
});
