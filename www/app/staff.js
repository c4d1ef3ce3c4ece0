// Staff pages (SPEC §12): login; the queue of the officer's unit by due date, with overdue and
// due-soon flags, search by receipt code and counts per status; a dossier in words (what was
// filed, rendered with the form's labels; the procedure, status, routing, dates and deadline by
// name), its findings by message, return reasons chosen by message and grouped by field, the
// printed forms, the decision with its document, history, audit and access trail.
import { t, lang, languageSwitch, statusName, when, day } from './i18n.js';
import './i18n-staff.js';
import { core } from './dossier.js';
import { answers, fieldLabel } from './answers.js';
import { client } from './client.js';
import { el } from './el.js';
import { documentTypeField, kindsOf } from './edition.js';

/** A string of the staff section of the string table (i18n-staff.js). */
const s = (k, ...a) => t(`staff.${k}`, ...a);
const app = document.getElementById('app');
const STATUSES = ['received', 'prechecked', 'forwarded', 'returned', 'decision_pending', 'decided', 'withdrawn'];

const token = () => sessionStorage.getItem('dossier.staff.token');
async function api(path, init = {}) {
  const resp = await fetch(path, { ...init, headers: { ...(init.headers ?? {}), Authorization: `Bearer ${token()}`, 'Content-Type': 'application/json' } });
  if (resp.status === 401) { sessionStorage.removeItem('dossier.staff.token'); renderLogin(); throw new Error('unauthorized'); }
  return resp;
}

function shell(title, ...content) {
  document.documentElement.lang = lang();
  document.title = `${title} – ${s('title')}`;
  const header = el('header', { class: 'top' }, el('a', { href: '/staff', class: 'service', text: s('title') }),
    el('div', {}, token() ? el('button', { type: 'button', class: 'secondary', id: 'logout', onclick: async () => {
      await api('/api/v1/staff/logout', { method: 'POST' }).catch(() => {});
      sessionStorage.removeItem('dossier.staff.token'); sessionStorage.removeItem('dossier.counter.receipt'); renderLogin(); } }, s('logout')) : null,
    languageSwitch(route)));
  app.replaceChildren(header, el('main', { id: 'main' }, el('h1', { text: title }), ...content));
}

function renderLogin(message) {
  const user = el('input', { id: 'username', name: 'username', autocomplete: 'username' });
  const pass = el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password' });
  const err = el('p', { class: 'error-message', id: 'login-error', role: 'alert', hidden: !message, text: message ?? '' });
  shell(s('login'), err, el('form', { onsubmit: async (e) => {
    e.preventDefault();
    const resp = await fetch('/api/v1/staff/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: user.value, password: pass.value }) });
    const body = await resp.json();
    if (resp.status !== 200) return renderLogin(body.error?.message?.[lang()] ?? String(resp.status));
    sessionStorage.setItem('dossier.staff.token', body.token);
    history.pushState({}, '', '/staff');
    route();
  } }, el('div', { class: 'field' }, el('label', { for: 'username', text: s('username') }), user),
  el('div', { class: 'field' }, el('label', { for: 'password', text: s('password') }), pass),
  el('button', { type: 'submit', id: 'login' }, s('login'))));
}

/** A download of an authorised address, saved under the server's safe name. */
async function save(url, fallback) {
  const r = await api(url);
  if (!r.ok) {
    const b = await r.json().catch(() => ({}));
    const problem = [b.error?.message?.[lang()], ...(b.error?.fields ?? []).map((f) => f.message[lang()])].filter(Boolean).join(' ');
    const where = document.getElementById('download-result') ?? document.getElementById('action-result');
    where?.replaceChildren(`${s('failed')}: ${problem || r.status}`);
    return;
  }
  const blob = await r.blob();
  const href = URL.createObjectURL(blob);
  const disposition = r.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  const plain = /filename="([^"]+)"/.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallback;
  const link = el('a', { href, download: name }); document.body.append(link); link.click(); link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}

let kindNames = null;
async function kindName(kind) {
  if (!kindNames) {
    const d = await core();
    kindNames = Object.fromEntries(['vi', 'en'].map((l) => [l, Object.fromEntries(kindsOf(d).map((k) => [k, d.describeForm(k, l).title]))]));
  }
  return kindNames[lang()][kind] ?? kind;
}

function dueCell(i) {
  if (!i.dueDate) return el('td', { text: s('noDue') });
  return el('td', {}, day(i.dueDate), i.overdue ? el('span', { class: 'flag overdue', text: ` ${s('overdue')}` }) : null,
    i.dueSoon ? el('span', { class: 'flag soon', text: ` ${s('dueSoon')}` }) : null);
}

async function renderQueue() {
  const params = new URLSearchParams(location.search);
  const resp = await api(`/api/v1/staff/dossiers?${params}`);
  const body = await resp.json();
  const go = (query) => { history.pushState({}, '', `/staff?${query}`); route(); };
  const statusSel = el('select', { id: 'filter-status', name: 'status' }, el('option', { value: '', text: s('all') }),
    STATUSES.map((v) => el('option', { value: v, text: statusName(v), selected: params.get('status') === v })));
  const kindSel = el('select', { id: 'filter-kind', name: 'kind' }, el('option', { value: '', text: s('all') }),
    await Promise.all(kindsOf(await core()).map(async (v) => el('option', { value: v, text: await kindName(v), selected: params.get('kind') === v }))));
  const code = el('input', { id: 'search-code', name: 'code', autocomplete: 'off', value: params.get('code') ?? '' });
  const rows = body.items.map((i) => el('tr', { class: i.overdue ? 'overdue' : undefined },
    el('td', {}, el('a', { href: `/staff?id=${i.id}`, text: i.code })), el('td', { text: i.kindName[lang()] }),
    el('td', { text: i.statusName[lang()] }), el('td', { text: when(i.receivedAt) }), dueCell(i)));
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  const from = el('input', { id: 'register-from', type: 'date', value: `${today.slice(0, 8)}01` });
  const to = el('input', { id: 'register-to', type: 'date', value: today });
  const reg = (ext) => el('button', { type: 'button', class: 'secondary', id: `register-${ext}`, onclick: () =>
    save(`/api/v1/staff/register.${ext}?from=${from.value}&to=${to.value}`, `so-theo-doi.${ext}`) }, s(ext));
  shell(s('queue'),
    el('p', {}, el('a', { href: '/staff/overview', id: 'overview-link' }, s('overview'))),
    el('section', { 'aria-labelledby': 'counts-title' }, el('h2', { id: 'counts-title', text: s('counts') }),
      el('ul', { id: 'counts', class: 'counts' }, body.counts.map((c) => el('li', {},
        el('a', { href: `/staff?status=${c.status}`, onclick: (e) => { e.preventDefault(); go(`status=${c.status}`); } }, `${statusName(c.status)}: ${c.n}`))))),
    el('form', { class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); go(`code=${encodeURIComponent(code.value.trim())}`); } },
      el('div', { class: 'field' }, el('label', { for: 'search-code', text: s('search') }), code),
      el('button', { type: 'submit', class: 'secondary', id: 'find' }, s('find'))),
    el('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); go(`status=${statusSel.value}&kind=${kindSel.value}`); } },
      el('div', { class: 'field' }, el('label', { for: 'filter-status', text: s('status') }), statusSel),
      el('div', { class: 'field' }, el('label', { for: 'filter-kind', text: s('kind') }), kindSel),
      el('button', { type: 'submit', class: 'secondary' }, s('filter'))),
    rows.length ? el('table', { class: 'queue' }, el('caption', { class: 'visually-hidden', text: s('queue') }),
      el('thead', {}, el('tr', {}, [s('code'), s('kind'), s('status'), s('received'), s('due')].map((h) => el('th', { scope: 'col', text: h })))), el('tbody', {}, rows))
      : el('p', { text: s('empty') }),
    el('section', { 'aria-labelledby': 'counter-title' }, el('h2', { id: 'counter-title', text: s('counterFiling') }),
      el('ul', { id: 'counter-links' }, await Promise.all(kindsOf(await core()).map(async (k) => el('li', {}, el('a', { href: `/forms/${k}?counter`, id: `counter-${k}` }, await kindName(k))))))),
    el('section', { class: 'register', 'aria-labelledby': 'register-title' }, el('h2', { id: 'register-title', text: s('register') }),
      el('div', { class: 'filters' }, el('div', { class: 'field' }, el('label', { for: 'register-from', text: s('from') }), from),
        el('div', { class: 'field' }, el('label', { for: 'register-to', text: s('to') }), to), reg('xlsx'), reg('csv')),
      el('p', { id: 'download-result', role: 'status' })));
}

/** The printed form, previewed in the page (no script in it) and printed from there. */
async function showForm(d, form, area) {
  const r = await api(`/api/v1/staff/dossiers/${d.id}/forms/${form}`);
  const html = await r.text();
  // No script runs in it (the form has none, and the sandbox forbids it); same origin so that
  // the page can print it.
  const frame = el('iframe', { id: 'print-frame', title: s(form.replace('-', '')), class: 'print-frame', sandbox: 'allow-same-origin allow-modals' });
  frame.srcdoc = html;
  area.replaceChildren(el('div', { class: 'actions' }, el('button', { type: 'button', id: 'print', onclick: () => frame.contentWindow.print() }, s('print'))), frame);
}

async function renderDetail(id) {
  const resp = await api(`/api/v1/staff/dossiers/${encodeURIComponent(id)}?lang=${lang()}`);
  if (resp.status !== 200) return shell(s('queue'), el('p', { text: (await resp.json()).error?.message?.[lang()] ?? '' }));
  const d = await resp.json();
  const wasm = await core();
  const desc = wasm.describeForm(d.kind, lang());
  const units = wasm.adminUnits();
  const desk = d.desk;
  const findings = d.report.findings;
  const result = el('p', { id: 'action-result', role: 'status' });
  const note = el('textarea', { id: 'note', name: 'note', rows: 3 });
  // Return reasons by message, grouped by the field they concern; the current errors ticked.
  const groups = new Map();
  findings.forEach((f, i) => {
    const label = fieldLabel(desc, f.path) ?? s('otherField');
    if (!groups.has(label)) groups.set(label, []);
    groups.get(label).push({ f, i });
  });
  const reasons = el('fieldset', { class: 'choices', id: 'reasons' }, el('legend', { text: s('reasons') }),
    [...groups].map(([label, list]) => el('fieldset', { class: 'reason-group' }, el('legend', { text: label }),
      list.map(({ f, i }) => el('div', { class: 'choice' },
        el('input', { type: 'checkbox', id: `reason-${i}`, name: 'reason', value: f.code, checked: f.severity === 'error' }),
        el('label', { for: `reason-${i}`, text: f.message }))))));
  const override = d.returnsHere > 0 ? el('div', { class: 'choice' }, el('input', { type: 'checkbox', id: 'override', name: 'override' }),
    el('label', { for: 'override', text: s('override') })) : null;
  const decision = el('fieldset', { id: 'decision', class: 'decision' }, el('legend', { text: s('decision') }),
    el('div', { class: 'choices' }, ['approved', 'refused'].map((v) => el('div', { class: 'choice' },
      el('input', { type: 'radio', id: `result-${v}`, name: 'result', value: v, checked: v === 'approved' }), el('label', { for: `result-${v}`, text: s(v) })))),
    ...[['decision-number', 'number', 'text'], ['decision-date', 'signedOn', 'date'], ['decision-signer', 'signer', 'text'], ['decision-file', 'document', 'file']]
      .map(([fid, key, type]) => el('div', { class: 'field' }, el('label', { for: fid, text: s(key) }), el('input', { id: fid, name: fid, type, accept: type === 'file' ? 'application/pdf' : undefined }))));
  const confirmBox = el('div', { id: 'confirm', class: 'panel-confirm', hidden: true });
  const act = async (action) => {
    const body = { action, note: note.value, version: d.version };
    if (action === 'return') {
      body.findingCodes = [...new Set([...document.querySelectorAll('input[name=reason]:checked')].map((i) => i.value))];
      body.confirmOverride = document.getElementById('override')?.checked ?? false;
    }
    if (action === 'decide') {
      const file = document.getElementById('decision-file').files[0];
      let documentSha256;
      if (file) documentSha256 = (await (await client()).upload(file, { mediaType: file.type || 'application/pdf', fileName: file.name })).sha256;
      body.decision = { result: document.querySelector('input[name=result]:checked').value, number: document.getElementById('decision-number').value,
        date: document.getElementById('decision-date').value, signerOffice: document.getElementById('decision-signer').value, documentSha256 };
    }
    const r = await api(`/api/v1/staff/dossiers/${d.id}/actions`, { method: 'POST', body: JSON.stringify(body) });
    const b = await r.json();
    if (r.status === 200) return renderDetail(d.id);
    const fields = (b.error?.fields ?? []).map((f) => f.message[lang()]).join(' ');
    result.textContent = `${s('failed')}: ${b.error?.message?.[lang()] ?? r.status} ${fields}`;
    confirmBox.hidden = true;
  };
  const ask = (action) => {
    confirmBox.hidden = false;
    confirmBox.replaceChildren(el('p', { text: `${s('confirmText')}: ${s(action)}` }),
      el('button', { type: 'button', id: 'confirm-action', onclick: () => act(action).catch((e) => { result.textContent = `${s('failed')}: ${e.message ?? e}`; }) }, s('confirm')),
      el('button', { type: 'button', class: 'secondary', onclick: () => { confirmBox.hidden = true; } }, s('cancel')));
    confirmBox.querySelector('button').focus();
  };
  const printArea = el('div', { id: 'print-area' });
  const row = (label, value, rid) => el('div', { class: 'row' }, el('dt', { text: label }), el('dd', { id: rid, text: value }));
  const docName = (type) => documentTypeField(desc)?.options?.find((o) => o.value === type)?.label ?? '';
  const can = (a) => d.actions.includes(a);
  // Just filed at the counter: the access token to hand over (shown once, in this tab only).
  let handOver = null;
  try {
    const r = JSON.parse(sessionStorage.getItem('dossier.counter.receipt') ?? 'null');
    if (r?.id === d.id) {
      sessionStorage.removeItem('dossier.counter.receipt');
      handOver = el('div', { class: 'panel', id: 'hand-over' }, el('h2', { text: s('handOver') }),
        el('dl', { class: 'answers' }, row(s('code'), r.code, 'hand-over-code'), row(s('accessToken'), r.accessToken, 'hand-over-token')));
    }
  } catch { /* nothing to hand over */ }
  shell(`${d.code} · ${desk.statusName[lang()]}`,
    el('p', {}, el('a', { href: '/staff', text: s('back') })),
    handOver,
    el('h2', { text: s('summary') }),
    el('dl', { class: 'answers', id: 'summary' },
      row(s('kind'), desk.kindName[lang()], 'kind'),
      row(s('status'), desk.statusName[lang()], 'status'),
      row(s('received'), when(d.receivedAt), 'received'),
      row(s('due'), desk.dueDate ? `${day(desk.dueDate)} (${s('workingDays', desk.processingDays)})` : s('noDue'), 'due'),
      row(s('decisionBy'), desk.decisionBy?.name?.[lang()] ?? '—', 'routing'),
      row(s('handledBy'), desk.handledBy?.name?.[lang()] ?? '—', 'handled-by'),
      row(s('channel'), s(desk.channel), 'channel'),
      row(s('version'), String(desk.bodyVersion), 'body-version'),
      desk.decision ? row(s('decision'), `${desk.decision.resultName[lang()]} – ${desk.decision.number}, ${day(desk.decision.date)}, ${desk.decision.signerOffice}`, 'decision-summary') : null),
    desk.decision?.documentUrl ? el('button', { type: 'button', class: 'secondary', id: 'decision-download', onclick: () => save(desk.decision.documentUrl, 'quyet-dinh.pdf') }, `${s('download')}: ${s('document')}`) : null,
    el('h2', { text: s('findings') }),
    findings.length ? el('ul', { id: 'findings' }, findings.map((f) => el('li', {}, `${f.severity === 'error' ? '✖' : '⚠'} `,
      el('strong', { text: fieldLabel(desc, f.path) ?? s('otherField') }), `: ${f.message}`))) : el('p', { id: 'findings', text: s('none') }),
    el('h2', { text: s('filed') }), answers(desc, d.dossier, units),
    el('h2', { text: s('attachments') }), el('ul', {}, d.attachments.map((a) => el('li', {}, `${docName(a.type)} – ${a.fileName} (${Math.max(1, Math.round((a.sizeBytes ?? 0) / 1024))} KB) `,
      el('button', { type: 'button', class: 'secondary', onclick: () => save(a.url, 'tep-dinh-kem') }, `${s('download')} ${a.fileName}`)))),
    el('h2', { text: s('forms') }),
    el('div', { class: 'actions', id: 'forms' }, ['mau-01', 'mau-02', 'mau-03', 'mau-06'].map((f) =>
      el('button', { type: 'button', class: 'secondary', id: `form-${f}`, onclick: () => showForm(d, f, printArea) }, s(f.replace('-', ''))))),
    printArea,
    el('h2', { text: s('actions') }),
    d.actions.length ? null : el('p', { text: s('noActions') }),
    can('return') ? el('div', { class: 'field' }, el('label', { for: 'note', text: s('note') }), note) : null,
    can('return') && findings.length ? reasons : null, can('return') ? override : null,
    can('decide') ? decision : null,
    el('div', { class: 'actions' }, d.actions.map((a) => el('button', { type: 'button', id: `action-${a}`, class: a === 'return' ? 'secondary' : undefined, onclick: () => ask(a) }, s(a)))),
    confirmBox, result,
    el('h2', { text: s('history') }), el('ul', { id: 'history' }, d.history.map((h) => el('li', { text: `${when(h.at)} — ${statusName(h.status)} (${h.actor === 'staff' ? s('staffActor') : s('applicant')})${h.note ? `: ${h.note}` : ''}` }))),
    el('h2', { text: s('audit') }), el('ul', { id: 'audit' }, d.audit.map((a) => el('li', { text: `${when(a.at)} — ${a.username}: ${s(a.action) ?? a.action} (${statusName(a.from)} → ${statusName(a.to)})${a.note ? ` — ${a.note}` : ''}` }))),
    el('h2', { text: s('access') }), el('ul', { id: 'access' }, (d.access ?? []).map((a) => el('li', { text: `${when(a.at)} — ${a.username}: ${a.event === 'view' ? s('view') : s('downloadEvent')}` }))));
  // After filing at the counter the receipt (Mẫu 01) opens at once.
  const print = new URLSearchParams(location.search).get('print');
  if (['mau-01', 'mau-02', 'mau-03', 'mau-06'].includes(print)) await showForm(d, print, printArea);
}

// ---- the overview for heads of unit: SVG charts drawn here, each with its data table -------

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, v);
  e.append(...children.flat().filter(Boolean));
  return e;
}
const monthName = (m) => `${m.slice(5)}/${m.slice(0, 4)}`;

/** A chart: a figure with its caption, the SVG (role="img", named by the caption) and the table
 * of its numbers (for screen readers and print). */
function chart(id, caption, drawing, head, rows) {
  const cap = `${id}-caption`;
  drawing.setAttribute('role', 'img');
  drawing.setAttribute('aria-labelledby', cap);
  return el('figure', { class: 'chart', id },
    el('figcaption', { id: cap, text: caption }), drawing,
    el('table', { class: 'chart-data' }, el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows.map((r) => el('tr', {}, el('th', { scope: 'row', text: r[0] }), r.slice(1).map((v) => el('td', { text: String(v) })))))));
}

/** Horizontal bars, one per row: [label, n]. */
function bars(rows) {
  const max = Math.max(1, ...rows.map((r) => r[1]));
  const h = 28;
  return svg('svg', { viewBox: `0 0 600 ${rows.length * h + 8}`, class: 'bars', preserveAspectRatio: 'xMinYMin meet' },
    rows.map(([label, n], i) => svg('g', { transform: `translate(0 ${i * h + 4})` },
      svg('text', { x: 0, y: 17, class: 'label' }, label.length > 34 ? `${label.slice(0, 33)}…` : label),
      svg('rect', { x: 260, y: 4, width: Math.max(n ? 2 : 0, (300 * n) / max), height: 18, class: 'bar' }),
      svg('text', { x: 266 + (300 * n) / max, y: 17, class: 'value' }, String(n)))));
}

/** Received and decided per month, side by side. */
function months(series) {
  const max = Math.max(1, ...series.flatMap((m) => [m.received, m.decided]));
  const w = Math.max(24, Math.min(60, 560 / Math.max(1, series.length)));
  const height = 200;
  return svg('svg', { viewBox: `0 0 ${Math.max(360, 40 + series.length * w)} ${height + 44}`, class: 'columns', preserveAspectRatio: 'xMinYMin meet' },
    svg('line', { x1: 30, y1: height, x2: 40 + series.length * w, y2: height, class: 'axis' }),
    series.map((m, i) => {
      const x = 36 + i * w;
      const hr = (height - 30) * (m.received / max);
      const hd = (height - 30) * (m.decided / max);
      return svg('g', {},
        svg('rect', { x, y: height - hr, width: w / 2 - 3, height: hr, class: 'bar received' }),
        svg('rect', { x: x + w / 2 - 3, y: height - hd, width: w / 2 - 3, height: hd, class: 'bar decided' }),
        svg('text', { x: x + w / 2 - 3, y: height + 16, class: 'tick', 'text-anchor': 'middle' }, m.month.slice(5)),
        // The year under its first month of the period and under each January.
        i === 0 || m.month.endsWith('-01') ? svg('text', { x: x + w / 2 - 3, y: height + 34, class: 'tick', 'text-anchor': 'middle' }, m.month.slice(0, 4)) : null);
    }),
    // The legend: received, decided.
    [['received', s('receivedN')], ['decided', s('decidedN')]].map(([cls, label], i) => svg('g', { transform: `translate(${40 + i * 150} 4)` },
      svg('rect', { x: 0, y: 0, width: 14, height: 14, class: `bar ${cls}` }),
      svg('text', { x: 20, y: 12, class: 'label' }, label))));
}

/** The share decided on time, as one bar split in two. */
function onTimeBar(o) {
  const total = o.withinDeadline + o.overdue;
  const share = total ? o.withinDeadline / total : 0;
  return svg('svg', { viewBox: '0 0 600 48', class: 'split', preserveAspectRatio: 'xMinYMin meet' },
    svg('rect', { x: 0, y: 8, width: 600 * share, height: 28, class: 'bar within' }),
    svg('rect', { x: 600 * share, y: 8, width: 600 * (1 - share), height: 28, class: total ? 'bar late' : 'bar empty' }));
}

async function renderOverview() {
  const params = new URLSearchParams(location.search);
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  const from = el('input', { id: 'overview-from', name: 'from', type: 'date', value: params.get('from') ?? `${today.slice(0, 5)}01-01` });
  const to = el('input', { id: 'overview-to', name: 'to', type: 'date', value: params.get('to') ?? today });
  const r = await api(`/api/v1/staff/overview?from=${from.value}&to=${to.value}`);
  const o = await r.json();
  const error = r.status === 200 ? null : el('p', { class: 'error-message', role: 'alert', id: 'overview-error',
    text: [o.error?.message?.[lang()], ...(o.error?.fields ?? []).map((f) => f.message[lang()])].filter(Boolean).join(' ') });
  const form = el('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); history.pushState({}, '', `/staff/overview?from=${from.value}&to=${to.value}`); route(); } },
    el('div', { class: 'field' }, el('label', { for: 'overview-from', text: s('from') }), from),
    el('div', { class: 'field' }, el('label', { for: 'overview-to', text: s('to') }), to),
    el('button', { type: 'submit', class: 'secondary', id: 'overview-show' }, s('show')),
    el('button', { type: 'button', class: 'secondary', id: 'overview-report', onclick: () => save(`/api/v1/staff/overview.xlsx?from=${from.value}&to=${to.value}`, 'bao-cao.xlsx') }, s('report')));
  if (error) return shell(s('overview'), el('p', {}, el('a', { href: '/staff', text: s('back') })), form, error);
  form.append(el('p', { id: 'download-result', role: 'status' }));
  const kindRows = await Promise.all(Object.entries(o.byKind).map(async ([k, n]) => [await kindName(k), n]));
  const total = o.onTime.withinDeadline + o.onTime.overdue;
  const me = await (await api('/api/v1/staff/me')).json();
  const charts = [
    chart('chart-months', s('perMonth'), months(o.series), [s('month'), s('receivedN'), s('decidedN')], o.series.map((m) => [monthName(m.month), m.received, m.decided])),
    chart('chart-kinds', s('byKind'), bars(kindRows), [s('kind'), s('count')], kindRows),
    me.unit.kind === 'province' ? chart('chart-communes', s('byCommune'), bars(o.byCommune.map((c) => [c.name, c.n])), [s('byCommune'), s('count')], o.byCommune.map((c) => [c.name, c.n])) : null,
    chart('chart-on-time', `${s('onTime')} – ${total ? s('rate', Math.round((100 * o.onTime.withinDeadline) / total)) : s('noRate')}`, onTimeBar(o.onTime),
      [s('onTime'), s('count')], [[s('decidedN'), o.onTime.decided], [s('within'), o.onTime.withinDeadline], [s('late'), o.onTime.overdue]]),
  ];
  shell(s('overview'), el('p', {}, el('a', { href: '/staff', text: s('back') })), form,
    el('p', { id: 'overview-period', text: `${s('period')}: ${day(from.value)} – ${day(to.value)}` }),
    el('p', { id: 'overview-median', text: o.medianWorkingDays === null ? s('noRate') : s('median', String(o.medianWorkingDays).replace('.', lang() === 'vi' ? ',' : '.')) }),
    el('ul', { class: 'counts', id: 'overview-statuses' }, STATUSES.map((st) => el('li', { text: `${statusName(st)}: ${o.byStatus[st] ?? 0}` }))),
    el('div', { class: 'charts' }, charts));
}

function route() {
  if (!token()) return renderLogin();
  if (location.pathname === '/staff/overview') return renderOverview().catch(() => {});
  const id = new URLSearchParams(location.search).get('id');
  return (id ? renderDetail(id) : renderQueue()).catch(() => {});
}

window.addEventListener('popstate', route);
route();
