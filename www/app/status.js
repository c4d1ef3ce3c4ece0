// The status page: receipt code + access token → status and history.
import { t, lang, languageSwitch, statusName } from './i18n.js';

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...children.flat().filter((c) => c !== null));
  return e;
}

function render() {
  document.documentElement.lang = lang();
  document.title = t('statusTitle');
  const params = new URLSearchParams(location.search);
  const last = JSON.parse(localStorage.getItem('dossier.receipt.last') ?? 'null');
  const code = el('input', { id: 'code', name: 'code', autocomplete: 'off' });
  code.value = params.get('code') ?? last?.code ?? '';
  const token = el('input', { id: 'token', name: 'token', autocomplete: 'off' });
  token.value = last && last.code === code.value ? last.accessToken : '';
  const result = el('div', { id: 'result', role: 'status', 'aria-live': 'polite' });
  const form = el('form', { onsubmit: async (e) => {
    e.preventDefault();
    result.replaceChildren();
    const resp = await fetch(`/api/v1/dossiers/${encodeURIComponent(code.value.trim())}`, { headers: { Authorization: `Bearer ${token.value.trim()}` } }).catch(() => null);
    if (!resp || resp.status !== 200) { result.append(el('p', { class: 'error-message', text: t('statusNotFound') })); return; }
    const s = await resp.json();
    result.append(el('h2', { text: `${t('status')}: ${statusName(s.status)}` }), el('p', { text: `${t('receiptCode')}: ${s.code}` }),
      el('h3', { text: t('history') }), el('ul', { id: 'history' }, s.history.map((h) => el('li', {},
        `${h.at} — ${statusName(h.status)}${h.note ? `: ${h.note}` : ''}`,
        (h.findings ?? []).length ? el('ul', {}, h.findings.map((f) => el('li', { text: f.message[lang()] ?? f.message.vi }))) : null))));
  } },
  el('div', { class: 'field' }, el('label', { for: 'code', text: t('receiptCode') }), code),
  el('div', { class: 'field' }, el('label', { for: 'token', text: t('accessToken') }), token),
  el('button', { type: 'submit', id: 'lookup' }, t('statusCheck')));
  document.getElementById('app').replaceChildren(
    el('header', { class: 'top' }, el('a', { href: '/', class: 'service', text: t('service') }), languageSwitch(render)),
    el('main', { id: 'main' }, el('h1', { text: t('statusTitle') }), form, result));
}

render();
