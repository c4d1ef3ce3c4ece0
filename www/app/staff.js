// Staff pages: login, the queue of the officer's unit, a dossier with its findings, routing,
// attachments, history and audit trail, and the three actions with a confirmation step.
import { lang, languageSwitch, statusName } from './i18n.js';
import { el } from './el.js';

const T = {
  vi: { title: 'Cán bộ xử lý hồ sơ', login: 'Đăng nhập', username: 'Tên đăng nhập', password: 'Mật khẩu', logout: 'Đăng xuất',
    queue: 'Hồ sơ của đơn vị', status: 'Trạng thái', kind: 'Loại hồ sơ', all: 'Tất cả', filter: 'Lọc', code: 'Mã hồ sơ',
    received: 'Ngày nhận', findings: 'Kết quả kiểm tra hiện tại', none: 'Không có lỗi.', routing: 'Nơi quyết định',
    attachments: 'Tài liệu đính kèm', history: 'Lịch sử', audit: 'Nhật ký thao tác', actions: 'Thao tác',
    precheck_ok: 'Đạt sơ bộ', return: 'Trả hồ sơ', forward: 'Chuyển tiếp', note: 'Ghi chú cho người nộp',
    reasons: 'Lỗi cần người nộp sửa', confirm: 'Xác nhận', cancel: 'Hủy', confirmText: 'Xác nhận thao tác', back: 'Về danh sách',
    empty: 'Không có hồ sơ.', failed: 'Không thực hiện được', download: 'Tải xuống', otherReasons: 'Mã lỗi khác',
    access: 'Lượt xem và tải xuống', view: 'xem hồ sơ', downloadEvent: 'tải tệp' },
  en: { title: 'Staff', login: 'Log in', username: 'Username', password: 'Password', logout: 'Log out',
    queue: 'Dossiers of your unit', status: 'Status', kind: 'Kind', all: 'All', filter: 'Filter', code: 'Receipt code',
    received: 'Received', findings: 'Current check', none: 'No problems.', routing: 'Decided by',
    attachments: 'Attachments', history: 'History', audit: 'Audit trail', actions: 'Actions',
    precheck_ok: 'Pre-check passed', return: 'Return to the applicant', forward: 'Forward', note: 'Note for the applicant',
    reasons: 'Problems the applicant must fix', confirm: 'Confirm', cancel: 'Cancel', confirmText: 'Confirm the action', back: 'Back to the queue',
    empty: 'No dossiers.', failed: 'Not done', download: 'Download', otherReasons: 'Other finding codes',
    access: 'Views and downloads', view: 'viewed the dossier', downloadEvent: 'downloaded a file' },
};
const s = (k) => T[lang()][k];
const app = document.getElementById('app');

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
      await api('/api/v1/staff/logout', { method: 'POST' }).catch(() => {}); sessionStorage.removeItem('dossier.staff.token'); renderLogin(); } }, s('logout')) : null,
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

async function renderQueue() {
  const params = new URLSearchParams(location.search);
  const resp = await api(`/api/v1/staff/dossiers?${params}`);
  const body = await resp.json();
  const statusSel = el('select', { id: 'filter-status', name: 'status' }, el('option', { value: '', text: s('all') }),
    ['received', 'prechecked', 'forwarded', 'returned', 'decision_pending'].map((v) => el('option', { value: v, text: statusName(v), selected: params.get('status') === v })));
  const kindSel = el('select', { id: 'filter-kind', name: 'kind' }, el('option', { value: '', text: s('all') }),
    ['conference_permit', 'ngo_licence', 'outbound_trip'].map((v) => el('option', { value: v, text: v, selected: params.get('kind') === v })));
  const rows = body.items.map((i) => el('tr', {}, el('td', {}, el('a', { href: `/staff?id=${i.id}`, text: i.code })), el('td', { text: i.kind }), el('td', { text: statusName(i.status) }), el('td', { text: i.receivedAt })));
  shell(s('queue'), el('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); history.pushState({}, '', `/staff?status=${statusSel.value}&kind=${kindSel.value}`); route(); } },
    el('div', { class: 'field' }, el('label', { for: 'filter-status', text: s('status') }), statusSel),
    el('div', { class: 'field' }, el('label', { for: 'filter-kind', text: s('kind') }), kindSel),
    el('button', { type: 'submit', class: 'secondary' }, s('filter'))),
  rows.length ? el('table', { class: 'queue' }, el('caption', { class: 'visually-hidden', text: s('queue') }),
    el('thead', {}, el('tr', {}, [s('code'), s('kind'), s('status'), s('received')].map((h) => el('th', { scope: 'col', text: h })))), el('tbody', {}, rows))
    : el('p', { text: s('empty') }));
}

async function renderDetail(id) {
  const resp = await api(`/api/v1/staff/dossiers/${encodeURIComponent(id)}?lang=${lang()}`);
  if (resp.status !== 200) return shell(s('queue'), el('p', { text: (await resp.json()).error?.message?.[lang()] ?? '' }));
  const d = await resp.json();
  const findings = d.report.findings;
  const codes = [...new Set(findings.map((f) => f.code))];
  const result = el('p', { id: 'action-result', role: 'status' });
  const note = el('textarea', { id: 'note', name: 'note', rows: 3 });
  const reasons = el('fieldset', { class: 'choices' }, el('legend', { text: s('reasons') }),
    codes.map((c, i) => el('div', { class: 'choice' }, el('input', { type: 'checkbox', id: `reason-${i}`, name: 'reason', value: c }), el('label', { for: `reason-${i}`, text: c }))));
  const allCodes = [...new Set((await (await fetch('/api/v1/rulebook')).json()).editions[0].rules.map((r) => r.code))].sort();
  const other = el('select', { id: 'reason-other', name: 'reason-other', multiple: true, size: 5 },
    allCodes.map((c) => el('option', { value: c, text: c })));
  const confirmBox = el('div', { id: 'confirm', class: 'panel-confirm', hidden: true });
  const ask = (action) => {
    confirmBox.hidden = false;
    confirmBox.replaceChildren(el('p', { text: `${s('confirmText')}: ${s(action)}` }),
      el('button', { type: 'button', id: 'confirm-action', onclick: async () => {
        const findingCodes = [...new Set([...document.querySelectorAll('input[name=reason]:checked')].map((i) => i.value)
          .concat([...other.selectedOptions].map((o) => o.value)))];
        const r = await api(`/api/v1/staff/dossiers/${d.id}/actions`, { method: 'POST', body: JSON.stringify({ action, note: note.value, findingCodes, version: d.version }) });
        const b = await r.json();
        if (r.status === 200) return renderDetail(d.id);
        result.textContent = `${s('failed')}: ${b.error?.message?.[lang()] ?? r.status}`;
        confirmBox.hidden = true;
      } }, s('confirm')),
      el('button', { type: 'button', class: 'secondary', onclick: () => { confirmBox.hidden = true; } }, s('cancel')));
    confirmBox.querySelector('button').focus();
  };
  const download = (a) => el('button', { type: 'button', class: 'secondary', onclick: async () => {
    const r = await api(a.url); const blob = await r.blob(); const url = URL.createObjectURL(blob);
    // The server's safe name (its extension follows the stored type), not the name as filed.
    const star = /filename\*=UTF-8''([^;]+)/.exec(r.headers.get('content-disposition') ?? '');
    const name = star ? decodeURIComponent(star[1]) : 'tep-dinh-kem';
    const link = el('a', { href: url, download: name }); document.body.append(link); link.click(); link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000); } }, `${s('download')} ${a.fileName}`);
  shell(`${d.code} · ${statusName(d.status)}`,
    el('p', {}, el('a', { href: '/staff', text: s('back') })),
    el('h2', { text: s('routing') }), el('p', { id: 'routing', text: d.routing ? `${d.routing.decisionBy} · ${d.routing.provinceCode ?? ''} · ${d.routing.handledBy}` : '—' }),
    el('h2', { text: s('findings') }),
    findings.length ? el('ul', { id: 'findings' }, findings.map((f) => el('li', { text: `${f.severity === 'error' ? '✖' : '⚠'} ${f.code} ${f.path}: ${f.message}` }))) : el('p', { id: 'findings', text: s('none') }),
    el('h2', { text: s('attachments') }), el('ul', {}, d.attachments.map((a) => el('li', {}, `${a.fileName} (${a.mediaType}, ${a.sizeBytes} B) `, download(a)))),
    el('h2', { text: s('actions') }),
    el('div', { class: 'field' }, el('label', { for: 'note', text: s('note') }), note), codes.length ? reasons : null,
    el('div', { class: 'field' }, el('label', { for: 'reason-other', text: s('otherReasons') }), other),
    el('div', { class: 'actions' }, ['precheck_ok', 'return', 'forward'].map((a) => el('button', { type: 'button', id: `action-${a}`, class: a === 'return' ? 'secondary' : undefined, onclick: () => ask(a) }, s(a)))),
    confirmBox, result,
    el('h2', { text: s('history') }), el('ul', {}, d.history.map((h) => el('li', { text: `${h.at} — ${h.status}${h.note ? `: ${h.note}` : ''}` }))),
    el('h2', { text: s('audit') }), el('ul', { id: 'audit' }, d.audit.map((a) => el('li', { text: `${a.at} — ${a.username}: ${a.action} (${a.from} → ${a.to})${a.note ? ` — ${a.note}` : ''}` }))),
    el('h2', { text: s('access') }), el('ul', { id: 'access' }, (d.access ?? []).map((a) => el('li', { text: `${a.at} — ${a.username}: ${a.event === 'view' ? s('view') : s('downloadEvent')}` }))));
}

function route() {
  if (!token()) return renderLogin();
  const id = new URLSearchParams(location.search).get('id');
  return (id ? renderDetail(id) : renderQueue()).catch(() => {});
}

window.addEventListener('popstate', route);
route();
