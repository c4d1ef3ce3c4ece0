// The status page: receipt code + access token → status and history, through the Rust client.
// Receipts the user kept on this device are offered.
import { t, lang, languageSwitch, statusName, when, day } from './i18n.js';
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

/** "Rút hồ sơ" with a confirmation step. */
function withdrawControl(code, accessToken, after) {
  const box = el('div', { id: 'withdraw-confirm', class: 'panel-confirm', hidden: true });
  const message = el('p', { id: 'withdraw-result', role: 'status' });
  const button = el('button', { type: 'button', class: 'secondary', id: 'withdraw', onclick: () => {
    box.hidden = false;
    box.replaceChildren(el('p', { text: t('deskWithdrawConfirm') }),
      el('button', { type: 'button', id: 'withdraw-yes', onclick: async () => {
        try { await (await client()).withdraw(code, accessToken); after(); } catch (e) {
          message.textContent = e.body?.error?.message?.[lang()] ?? t('statusOffline');
        }
      } }, t('deskWithdrawYes')),
      el('button', { type: 'button', class: 'secondary', onclick: () => { box.hidden = true; } }, t('forgetNo')));
    box.querySelector('button').focus();
  } }, t('deskWithdraw'));
  return el('div', {}, button, box, message);
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
    const desk = s.desk;
    const row = (label, value, id) => el('div', { class: 'row' }, el('dt', { text: label }), el('dd', { id, text: value }));
    const decision = desk.decision;
    result.append(...[el('h2', { text: `${t('status')}: ${desk.statusName[lang()]}` }),
      el('dl', { class: 'answers', id: 'desk' },
        row(t('receiptCode'), s.code, 'desk-code'),
        row(t('deskKind'), desk.kindName[lang()], 'desk-kind'),
        row(t('deskReceived'), when(s.receivedAt), 'desk-received'),
        row(t('deskDue'), desk.dueDate ? `${day(desk.dueDate)} (${t('deskWorkingDays', desk.processingDays)})` : t('deskNoDue'), 'desk-due'),
        row(t('deskDecisionBy'), desk.decisionBy?.name?.[lang()] ?? '—', 'desk-decision-by'),
        row(t('deskHandledBy'), desk.handledBy?.name?.[lang()] ?? '—', 'desk-handled-by'),
        decision ? row(t('deskResult'), `${decision.resultName[lang()]} – ${decision.number}, ${day(decision.date)}, ${decision.signerOffice}`, 'desk-result') : null),
      decision?.documentUrl ? el('button', { type: 'button', id: 'decision-download', onclick: async () => {
        const r = await fetch(decision.documentUrl, { headers: { Authorization: `Bearer ${token.value.trim()}` } });
        if (!r.ok) return;
        const href = URL.createObjectURL(await r.blob());
        const link = el('a', { href, download: `quyet-dinh-${s.code}.pdf` }); document.body.append(link); link.click(); link.remove();
        setTimeout(() => URL.revokeObjectURL(href), 1000);
      } }, t('deskDownloadDecision')) : null,
      desk.canSupplement ? el('p', {}, el('button', { type: 'button', id: 'supplement', onclick: () => {
        // The form opens with the filed dossier to correct; it is sent under the same code.
        sessionStorage.setItem('dossier.supplement', JSON.stringify({ code: s.code, token: token.value.trim(), data: s.dossier }));
        location.assign(`/forms/${s.dossier.kind}?supplement=${encodeURIComponent(s.code)}`);
      } }, t('deskSupplement'))) : null,
      desk.canWithdraw ? withdrawControl(s.code, token.value.trim(), () => form.requestSubmit()) : null,
      el('h3', { text: t('history') }), el('ul', { id: 'history' }, s.history.map((h) => el('li', {},
        `${when(h.at)} — ${statusName(h.status)}${h.note ? `: ${h.note}` : ''}`,
        (h.findings ?? []).length ? el('ul', {}, h.findings.map((f) => el('li', { text: f.message[lang()] ?? f.message.vi }))) : null)))].filter(Boolean));
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
