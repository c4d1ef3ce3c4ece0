// The status page: receipt code + access token → status and history, through the Rust client.
// Receipts the user kept on this device are offered.
import { t, lang, languageSwitch, statusName } from './i18n.js';
import { client } from './client.js';
import { startOffline } from './offline.js';
import { keptReceipts, purgeExpired, deviceFooter } from './device.js';
import { el } from './el.js';

async function lookUp(code, token) {
  if (navigator.onLine === false) return { offline: true };
  try {
    return { status: await (await client()).status(code, token) };
  } catch (e) {
    return e?.code && !['NETWORK', 'TIMEOUT', 'UNAVAILABLE'].includes(e.code) ? { status: null } : { offline: true };
  }
}

function render() {
  document.documentElement.lang = lang();
  document.title = t('statusTitle');
  const params = new URLSearchParams(location.search);
  const kept = keptReceipts();
  const code = el('input', { id: 'code', name: 'code', autocomplete: 'off' });
  code.value = params.get('code') ?? kept.at(-1)?.code ?? '';
  const token = el('input', { id: 'token', name: 'token', autocomplete: 'off' });
  const offer = () => { token.value = kept.find((r) => r.code === code.value.trim())?.accessToken ?? token.value; };
  offer();
  code.addEventListener('change', offer);
  const result = el('div', { id: 'result', role: 'status', 'aria-live': 'polite' });
  const form = el('form', { onsubmit: async (e) => {
    e.preventDefault();
    result.replaceChildren();
    const { status: s, offline } = await lookUp(code.value.trim(), token.value.trim());
    if (offline) { result.append(el('p', { class: 'error-message', text: t('statusOffline') })); return; }
    if (!s) { result.append(el('p', { class: 'error-message', text: t('statusNotFound') })); return; }
    result.append(el('h2', { text: `${t('status')}: ${statusName(s.status)}` }), el('p', { text: `${t('receiptCode')}: ${s.code}` }),
      el('h3', { text: t('history') }), el('ul', { id: 'history' }, s.history.map((h) => el('li', {},
        `${h.at} — ${statusName(h.status)}${h.note ? `: ${h.note}` : ''}`,
        (h.findings ?? []).length ? el('ul', {}, h.findings.map((f) => el('li', { text: f.message[lang()] ?? f.message.vi }))) : null))));
  } },
  el('div', { class: 'field' }, el('label', { for: 'code', text: t('receiptCode') }), code),
  el('div', { class: 'field' }, el('label', { for: 'token', text: t('accessToken') }), token),
  el('button', { type: 'submit', id: 'lookup' }, t('statusCheck')));
  const keptList = kept.length ? el('section', { id: 'kept' }, el('h2', { text: t('keptReceipts') }),
    el('ul', {}, kept.map((r) => el('li', {}, el('a', { href: `/status?code=${encodeURIComponent(r.code)}` }, r.code))))) : null;
  document.getElementById('app').replaceChildren(
    el('header', { class: 'top' }, el('a', { href: '/', class: 'service', text: t('service') }), languageSwitch(render)),
    el('main', { id: 'main' }, el('h1', { text: t('statusTitle') }), form, result, keptList),
    deviceFooter(render));
}

purgeExpired().finally(() => {
  render();
  startOffline();
});
