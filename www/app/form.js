// The form of one kind, rendered from the core's form description (describeForm): pages,
// fields, labels, hints, options, repeatable groups and visibility conditions all come from the
// core. Checks run in WASM on Continue (GOV.UK pattern); the draft is autosaved and can be saved
// to / opened from a file. Files, submission and status go through the Rust client
// (client.js); a dossier submitted without network waits in the outbox (outbox.js) and is sent
// once, with the idempotency key kept in the draft.
import { core, todayInVietnam, getAt, setAt, idOf } from './dossier.js';
import { t, lang, languageSwitch, fold } from './i18n.js';
import { client, newIdempotencyKey } from './client.js';
import { send, enqueue, keepFile, uploadKept, isRefusal, takeReceipt } from './outbox.js';
import { startOffline, requestBackgroundSync } from './offline.js';
import * as deviceStore from './store.js';
import { loadDraft, saveDraft, dropDraft, keepReceipt, keptReceipts, purgeExpired, deviceFooter } from './device.js';
import { el } from './el.js';

const kind = location.pathname.split('/').filter(Boolean).pop();
const app = document.getElementById('app');
let d; // the WASM module
let desc; // form description
let units; // provinces with communes
let state = { data: { kind }, page: 0, key: null, returnToCheck: false };
let view = 'form'; // form | check | receipt | resume | queued
let receipt = null; // the receipt on show (kept in memory only, unless the user keeps it)
let notice = null; // a message for the next render ({text, link?})

// Two other ways in: a citizen correcting a returned dossier (`?supplement=CODE`, the filed
// dossier handed over by the status page), and an officer filing at the counter (`?counter`,
// with the staff session of this tab). Neither keeps a draft on the device.
const params = new URLSearchParams(location.search);
const supplementOf = (() => {
  try {
    const x = JSON.parse(sessionStorage.getItem('dossier.supplement') ?? 'null');
    return params.get('supplement') && x?.code === params.get('supplement') ? x : null;
  } catch { return null; }
})();
const counterToken = params.has('counter') ? sessionStorage.getItem('dossier.staff.token') : null;
if (supplementOf) state.data = structuredClone(supplementOf.data);

const concrete = (pointer, indices) => {
  let i = 0;
  return pointer.replace(/\{i\}/g, () => String(indices[i++] ?? 0));
};

function save() {
  if (supplementOf || counterToken) return;
  saveDraft(kind, { data: state.data, page: state.page, key: state.key });
}

/** Creates the (empty) objects of visible groups, so that checks name the missing fields one by
 * one instead of the whole group. */
function ensureGroups(fields, indices) {
  for (const f of fields) {
    if (!visible(f, indices)) continue;
    const pointer = concrete(f.pointer, indices);
    if (f.input === 'group') {
      const v = getAt(state.data, pointer);
      if (v === undefined || v === null || typeof v !== 'object') setAt(state.data, pointer, {});
      ensureGroups(f.fields, indices);
    } else if (f.input === 'repeat') {
      const items = getAt(state.data, pointer);
      if (Array.isArray(items)) items.forEach((_, i) => ensureGroups(f.fields, [...indices, i]));
    }
  }
}

function visible(field, indices) {
  if (!field.showWhen) return true;
  const v = getAt(state.data, concrete(field.showWhen.pointer, indices));
  return field.showWhen.anyOf.includes(v);
}

// ---- values ---------------------------------------------------------------------------------

function store(pointer, field, raw) {
  let value = raw;
  if (raw === '' || raw === undefined) value = undefined;
  else if (field.input === 'number' || field.input === 'select' && typeof field.options?.[0]?.value === 'number'
    || field.input === 'commune') value = /^-?\d+$/.test(raw) ? Number(raw) : raw;
  else if (field.input === 'radio' && (raw === 'true' || raw === 'false')) value = raw === 'true';
  setAt(state.data, pointer, value);
  save();
}

// ---- rendering of one field -----------------------------------------------------------------

function describedBy(id, field) {
  return [field.hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
}

function errorSlot(id) {
  return el('p', { class: 'error-message', id: `${id}-error`, hidden: true });
}

function renderField(field, indices, onStructure) {
  if (!visible(field, indices)) return null;
  const pointer = concrete(field.pointer, indices);
  const id = idOf(pointer);
  const value = getAt(state.data, pointer);
  const label = field.label + (field.required ? '' : ` (${lang() === 'vi' ? 'không bắt buộc' : 'optional'})`);
  const hint = field.hint ? el('div', { class: 'hint', id: `${id}-hint`, text: field.hint }) : null;
  const docTech = /^\/documents\/\d+\/(fileName|mediaType|sizeBytes|sha256)$/.test(pointer);

  if (field.input === 'group') {
    return el('fieldset', { class: 'group', id, tabindex: '-1', 'data-pointer': pointer },
      el('legend', { text: field.label }), hint, errorSlot(id),
      field.fields.map((f) => renderField(f, indices, onStructure)));
  }
  if (field.input === 'repeat') {
    const items = Array.isArray(value) ? value : [];
    const fs = el('fieldset', { class: 'repeat', id, tabindex: '-1', 'data-pointer': pointer },
      el('legend', { text: field.label }), hint, errorSlot(id));
    items.forEach((_, i) => {
      const item = el('fieldset', { class: 'item', 'data-pointer': `${pointer}/${i}` },
        el('legend', { text: `${field.itemLabel} ${i + 1}` }),
        pointer === '/documents' ? uploadControl(`${pointer}/${i}`, onStructure) : null,
        field.fields.map((f) => renderField(f, [...indices, i], onStructure)),
        el('button', { type: 'button', class: 'secondary', onclick: () => {
          items.splice(i, 1); save(); onStructure(); } }, `${t('remove')} ${field.itemLabel.toLowerCase()} ${i + 1}`));
      fs.append(item);
    });
    if (items.length < (field.maxItems ?? 100)) {
      fs.append(el('button', { type: 'button', class: 'secondary', id: `${id}-add`, onclick: () => {
        if (!Array.isArray(getAt(state.data, pointer))) setAt(state.data, pointer, []);
        getAt(state.data, pointer).push({}); save(); onStructure(`${id}.${items.length}`); } },
        `${t('add')} ${field.itemLabel.toLowerCase()}`));
    }
    return fs;
  }
  if (field.input === 'radio' || field.input === 'checkboxes') {
    const multiple = field.input === 'checkboxes';
    const chosen = multiple ? (Array.isArray(value) ? value : []) : value;
    const fs = el('fieldset', { class: 'choices', 'data-pointer': pointer, 'aria-describedby': describedBy(id, field) },
      el('legend', { text: label }), hint, errorSlot(id));
    field.options.forEach((o, i) => {
      const oid = i === 0 ? id : `${id}--${i}`;
      const input = el('input', {
        type: multiple ? 'checkbox' : 'radio', id: oid, name: id, value: String(o.value),
        checked: multiple ? chosen.includes(o.value) : chosen === o.value,
        onchange: () => {
          if (multiple) {
            const list = Array.isArray(getAt(state.data, pointer)) ? getAt(state.data, pointer) : [];
            const next = input.checked ? [...list, o.value] : list.filter((x) => x !== o.value);
            setAt(state.data, pointer, next.length ? next : undefined); save();
          } else {
            store(pointer, field, String(o.value));
            onStructure(null, pointer);
          }
        },
      });
      fs.append(el('div', { class: 'choice' }, input, el('label', { for: oid, text: o.label })));
    });
    return fs;
  }
  const wrap = el('div', { class: 'field', 'data-pointer': pointer });
  wrap.append(el('label', { for: id, text: label }), hint ?? '', errorSlot(id));
  let input;
  const common = { id, name: id, 'aria-describedby': describedBy(id, field) };
  switch (field.input) {
    case 'textarea':
      input = el('textarea', { ...common, rows: 5 });
      input.value = value ?? '';
      break;
    case 'select':
    case 'multiselect': {
      const multiple = field.input === 'multiselect';
      input = el('select', { ...common, multiple, size: multiple ? 6 : undefined });
      if (!multiple) input.append(el('option', { value: '', text: t('choose') }));
      const chosen = multiple ? (Array.isArray(value) ? value : []) : [value];
      for (const o of field.options) input.append(el('option', { value: String(o.value), text: o.label, selected: chosen.includes(o.value) }));
      input.addEventListener('change', () => {
        if (multiple) {
          const vals = [...input.selectedOptions].map((o) => o.value);
          setAt(state.data, pointer, vals.length ? vals : undefined); save();
        } else {
          store(pointer, field, input.value);
          onStructure(null, pointer);
        }
      });
      wrap.append(input);
      return wrap;
    }
    case 'commune':
      return communePicker(field, pointer, id, label, hint, indices);
    default:
      input = el('input', { ...common, type: { email: 'email', tel: 'tel', date: 'date' }[field.input] ?? 'text',
        inputmode: field.input === 'number' ? 'numeric' : undefined, readonly: docTech,
        autocomplete: field.input === 'email' ? 'email' : field.input === 'tel' ? 'tel' : undefined });
      input.value = value ?? '';
  }
  input.addEventListener('change', () => store(pointer, field, input.value));
  input.addEventListener('input', () => store(pointer, field, input.value));
  wrap.append(input);
  return wrap;
}

function communePicker(field, pointer, id, label, hint, indices) {
  const province = getAt(state.data, concrete(field.provinceField, indices));
  const wrap = el('div', { class: 'field commune', 'data-pointer': pointer });
  const search = el('input', { type: 'search', id: `${id}-search`, 'aria-label': `${label}: ${t('searchCommune')}`, placeholder: t('searchCommune') });
  const select = el('select', { id, name: id, size: 6, 'aria-describedby': `${hint ? `${id}-hint ` : ''}${id}-error` });
  const all = units.find((p) => p.code === province)?.communes ?? [];
  const fill = () => {
    const q = fold(search.value.trim());
    select.replaceChildren();
    const current = getAt(state.data, pointer);
    for (const c of all) {
      if (q && !fold(c.name).includes(q) && String(c.code) !== q) continue;
      select.append(el('option', { value: String(c.code), text: c.name, selected: c.code === current }));
    }
  };
  fill();
  search.addEventListener('input', fill);
  select.addEventListener('change', () => store(pointer, field, select.value));
  wrap.append(el('label', { for: id, text: label }), hint ?? '', errorSlot(id));
  if (!province) wrap.append(el('p', { class: 'hint', text: t('chooseProvinceFirst') }));
  wrap.append(search, select);
  return wrap;
}

const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The upload states shown next to each file, by SHA-256 (they outlive re-renders). */
const uploads = new Map(); // sha256 → { text, sent, total }

function showUpload(sha256, update) {
  const next = { ...(uploads.get(sha256) ?? {}), ...update };
  uploads.set(sha256, next);
  document.querySelectorAll(`[data-upload="${CSS.escape(sha256)}"]`).forEach((box) => {
    box.querySelector('.upload-status').textContent = next.text ?? '';
    const bar = box.querySelector('progress');
    bar.hidden = !next.total;
    if (next.total) { bar.max = next.total; bar.value = next.sent ?? 0; }
  });
}

/** Uploads a file kept on the device (from where a reload or a drop left it), showing progress. */
async function startUpload(sha256, fileName) {
  if (uploads.get(sha256)?.running) return;
  if (navigator.onLine === false) { showUpload(sha256, { text: t('fileKept') }); return; }
  showUpload(sha256, { running: true, text: `${t('uploading')}…` });
  try {
    const c = await client();
    const done = await uploadKept(c, sha256, (sent, total) => {
      showUpload(sha256, { sent, total, text: `${t('uploading')} ${Math.floor((100 * sent) / total)}%` });
    });
    showUpload(sha256, { running: false, text: done ? `${t('uploaded')}: ${fileName}` : t('fileMissing') });
  } catch (e) {
    const text = isRefusal(e) ? (e.body?.error?.message?.[lang()] ?? e.message) : t('fileKept');
    showUpload(sha256, { running: false, text });
  }
}

/** Uploads the files of the draft that a reload or a lost network interrupted. */
async function resumeUploads(data = state.data) {
  for (const doc of data.documents ?? []) {
    if (!doc?.sha256) continue;
    const kept = await deviceStore.get('files', doc.sha256).catch(() => null);
    if (kept && !kept.uploaded) startUpload(doc.sha256, kept.fileName);
  }
}

function uploadControl(itemPointer, onStructure) {
  const id = `${idOf(itemPointer)}.file`;
  const sha = getAt(state.data, `${itemPointer}/sha256`);
  const status = el('span', { class: 'upload-status', id: `${id}-status`, role: 'status' });
  const bar = el('progress', { id: `${id}-progress`, hidden: true, 'aria-label': t('uploadProgress', getAt(state.data, `${itemPointer}/fileName`) ?? '') });
  const box = el('div', { class: 'field upload', 'data-upload': sha ?? '' }, el('label', { for: id, text: t('upload') }));
  const input = el('input', { type: 'file', id, accept: 'application/pdf,image/jpeg,image/png' });
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    if (!['application/pdf', 'image/jpeg', 'image/png'].includes(file.type)) { status.textContent = t('fileType'); return; }
    if (file.size > 10 * 1024 * 1024) { status.textContent = t('fileSize'); return; }
    // Known by its SHA-256 at once (computed here), so the form is complete even offline; the
    // file stays on the device until the dossier is sent.
    const sha256 = hex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
    await keepFile(file, sha256, file.type);
    setAt(state.data, `${itemPointer}/fileName`, file.name);
    setAt(state.data, `${itemPointer}/mediaType`, file.type);
    setAt(state.data, `${itemPointer}/sizeBytes`, file.size);
    setAt(state.data, `${itemPointer}/sha256`, sha256);
    save();
    onStructure(`${idOf(itemPointer)}.type`);
    startUpload(sha256, file.name);
  });
  box.append(input, bar, status);
  if (sha) {
    box.dataset.upload = sha;
    queueMicrotask(() => showUpload(sha, {}));
  }
  return box;
}

// ---- checks ---------------------------------------------------------------------------------

function pagePointers(page) {
  return page.fields.map((f) => f.pointer);
}

function findingsFor(report, pointers) {
  return report.findings.filter((f) => pointers.some((p) => f.path === p || f.path.startsWith(`${p}/`)));
}

/** The element id a finding links to: the nearest rendered element on its path. */
function targetId(path) {
  let p = path;
  while (p) {
    if (document.getElementById(idOf(p))) return idOf(p);
    p = p.slice(0, p.lastIndexOf('/'));
  }
  return null;
}

/** The visible name of a field: its label, or the legend of its fieldset. */
function fieldName(id) {
  const node = document.getElementById(id);
  const label = document.querySelector(`label[for="${CSS.escape(id)}"]`);
  if (label && node?.type !== 'radio' && node?.type !== 'checkbox') return label.textContent;
  return node?.closest('fieldset')?.querySelector('legend')?.textContent ?? label?.textContent ?? '';
}

function showFindings(findings, intro) {
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity !== 'error');
  const box = document.getElementById('summary');
  box.replaceChildren();
  document.querySelectorAll('.error-message').forEach((e) => { e.hidden = true; e.textContent = ''; });
  document.querySelectorAll('.has-error').forEach((e) => e.classList.remove('has-error'));
  document.title = document.title.replace(t('errorPrefix'), '');
  if (errors.length) {
    const list = el('ul', { class: 'summary-list' });
    // In the order of the fields on the page.
    const position = (f) => {
      const node = document.getElementById(targetId(f.path) ?? '');
      return node ? [...document.querySelectorAll('[id]')].indexOf(node) : Infinity;
    };
    errors.sort((a, b) => position(a) - position(b));
    for (const f of errors) {
      const target = targetId(f.path);
      const name = target ? fieldName(target) : '';
      const text = name ? `${name}: ${f.message}` : f.message;
      list.append(el('li', {}, target
        ? el('a', { href: `#${target}`, onclick: (e) => { e.preventDefault(); document.getElementById(target)?.focus(); } }, text)
        : text));
      if (target) {
        const slot = document.getElementById(`${target}-error`);
        if (slot) {
          slot.hidden = false;
          slot.textContent = slot.textContent ? `${slot.textContent} ${f.message}` : f.message;
          slot.closest('[data-pointer]')?.classList.add('has-error');
        }
      }
    }
    const summary = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1' },
      el('h2', { text: t('summaryTitle') }), intro ? el('p', { text: intro }) : null, list);
    box.append(summary);
    document.title = t('errorPrefix') + document.title;
    summary.focus();
  }
  if (warnings.length) {
    box.append(el('div', { class: 'warning-summary' }, el('h2', { text: t('warningsTitle') }),
      el('ul', {}, warnings.map((f) => el('li', { text: `⚠ ${f.message}` })))));
  }
  return errors.length;
}

function validateNow() {
  return d.validate(state.data, { asOf: todayInVietnam(), lang: lang() });
}

// ---- views ----------------------------------------------------------------------------------

function header() {
  const mode = supplementOf ? [t('supplementTitle', supplementOf.code), t('supplementHelp')]
    : counterToken ? [t('counterTitle'), t('counterHelp')] : null;
  const top = el('header', { class: 'top' }, el('a', { href: counterToken ? '/staff' : '/', class: 'service', text: t('service') }), languageSwitch(() => boot()));
  if (!mode) return top;
  return el('div', {}, top, el('section', { class: 'panel mode', id: 'mode', 'aria-label': mode[0] }, el('p', {}, el('strong', { text: mode[0] })), el('p', { text: mode[1] })));
}

function renderPage(focusId, changedPointer) {
  const page = desc.pages[state.page];
  desc.pages.forEach((p) => ensureGroups(p.fields, []));
  document.title = `${page.title} – ${desc.title}`;
  const dependents = new Set(desc.pages.flatMap((p) => collectConditions(p.fields)));
  if (changedPointer && !dependents.has(changedPointer)) return;
  const rerender = (fid, changed) => renderPage(fid, changed);
  const form = el('form', { novalidate: true, onsubmit: (e) => { e.preventDefault(); next(); } },
    page.fields.map((f) => renderField(f, [], rerender)),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', id: 'continue' }, t('continue')),
      state.page > 0 ? el('button', { type: 'button', class: 'secondary', onclick: () => { state.page--; save(); renderPage(); } }, t('back')) : null));
  const active = document.activeElement?.id;
  app.replaceChildren(header(), el('main', { id: 'main' },
    offlineBanner(),
    el('p', { class: 'caption', text: `${desc.title} · ${t('pageOf', state.page + 1, desc.pages.length)}` }),
    el('div', { id: 'notice', class: 'notice', role: 'status' }),
    el('div', { id: 'summary' }),
    el('h1', { text: page.title }), form, draftTools()), deviceFooter(afterForget));
  showNotice();
  const focus = focusId ?? (changedPointer ? active : null);
  if (focus) document.getElementById(focus)?.focus();
}

function collectConditions(fields) {
  return fields.flatMap((f) => [f.showWhen?.pointer, f.provinceField, ...(f.fields ? collectConditions(f.fields) : [])]).filter(Boolean);
}

function next() {
  const page = desc.pages[state.page];
  const report = validateNow();
  const findings = findingsFor(report, pagePointers(page));
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
  const v = getAt(state.data, pointer);
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) return t('empty');
  const label = (x) => field.options?.find((o) => o.value === x)?.label ?? String(x);
  if (field.input === 'repeat') return `${v.length} × ${field.itemLabel.toLowerCase()}`;
  if (field.input === 'group') return field.fields.map((f) => display(f, `${pointer}/${f.pointer.split('/').pop()}`)).filter((x) => x !== t('empty')).join(' · ');
  if (field.input === 'commune') return units.flatMap((p) => p.communes).find((c) => c.code === v)?.name ?? String(v);
  if (Array.isArray(v)) return v.map(label).join(', ');
  return label(v);
}

function renderCheck() {
  view = 'check';
  document.title = `${t('checkTitle')} – ${desc.title}`;
  const rows = desc.pages.flatMap((page, pi) => page.fields.filter((f) => visible(f, [])).map((f) => el('div', { class: 'row' },
    el('dt', { text: f.label }), el('dd', { text: display(f, f.pointer) }),
    el('dd', {}, el('a', { href: `#${idOf(f.pointer)}`, onclick: (e) => {
      e.preventDefault(); state.page = pi; state.returnToCheck = true; view = 'form'; save(); renderPage(idOf(f.pointer)); } },
      t('change'), el('span', { class: 'visually-hidden', text: ` ${f.label}` }))))));
  const button = el('button', { type: 'button', id: 'submit', onclick: () => submit(button) }, t('submit'));
  app.replaceChildren(header(), el('main', { id: 'main' }, offlineBanner(),
    el('div', { id: 'notice', class: 'notice', role: 'status' }), el('div', { id: 'summary' }),
    el('h1', { text: t('checkTitle') }), el('dl', { class: 'answers' }, rows),
    el('div', { class: 'actions' }, button), el('p', { id: 'submit-status', role: 'status' }), draftTools()), deviceFooter(afterForget));
  const report = validateNow();
  showFindings(report.findings);
}

async function submit(button) {
  const report = validateNow();
  if (showFindings(report.findings)) return;
  if (supplementOf || counterToken) return submitToTheDesk(button);
  if (!state.key) { state.key = await newIdempotencyKey(); save(); }
  const item = { kind, dossier: state.data, key: state.key };
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
      const findings = (state.data.documents ?? []).flatMap((doc, i) => (e.missing.includes(doc?.sha256)
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
    if (supplementOf) {
      const r = await send(c, { dossier: state.data, key: null }, progress,
        (cl, dossier) => cl.supplement(supplementOf.code, supplementOf.token, dossier));
      sessionStorage.removeItem('dossier.supplement');
      await forgetFiles();
      return renderSupplemented(r);
    }
    if (!state.key) state.key = await newIdempotencyKey();
    const r = await send(c, { dossier: state.data, key: state.key }, progress,
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
  for (const doc of state.data.documents ?? []) {
    if (doc?.sha256) await deviceStore.remove('files', doc.sha256).catch(() => {});
  }
}

function renderSupplemented(r) {
  view = 'receipt';
  app.replaceChildren(header(), el('main', { id: 'main' },
    el('div', { class: 'panel', id: 'supplemented' }, el('h1', { tabindex: '-1', text: t('supplementDone', r.bodyVersion) })),
    el('p', {}, el('a', { href: `/status?code=${encodeURIComponent(r.code)}`, id: 'track' }, t('trackLink')))));
  document.querySelector('h1').focus();
}

/** Puts the dossier in the outbox and says so; it goes when the network returns. */
async function queue(item) {
  await enqueue(item);
  dropDraft(kind);
  requestBackgroundSync();
  renderQueued(item.key);
}

function done(r) {
  dropDraft(kind);
  state = { data: { kind }, page: 0, key: null, returnToCheck: false };
  receipt = r;
  renderReceipt();
}

function renderQueued(key) {
  view = 'queued';
  state.key = key;
  document.title = `${t('queuedTitle')} – ${desc.title}`;
  app.replaceChildren(header(), el('main', { id: 'main' },
    el('div', { class: 'panel queued', id: 'queued' }, el('h1', { tabindex: '-1', text: t('queuedTitle') })),
    el('p', { text: t('queuedHelp') })), deviceFooter(afterForget));
  document.querySelector('h1').focus();
}

/** A dossier went (this page's outbox flush or the service worker's): show its receipt. */
async function onOutbox(message) {
  if (message?.type === 'sent' && view === 'queued' && message.key === state.key) {
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
  view = 'receipt';
  const r = receipt;
  document.title = `${t('receiptTitle')} – ${desc.title}`;
  const kept = keptReceipts().some((k) => k.code === r.code);
  const keep = el('input', { type: 'checkbox', id: 'keep-receipt', checked: kept, 'aria-describedby': 'keep-receipt-hint',
    onchange: () => keepReceipt(r, keep.checked) });
  app.replaceChildren(header(), el('main', { id: 'main' },
    el('div', { class: 'panel' }, el('h1', { text: t('receiptTitle') }),
      el('p', {}, `${t('receiptCode')}: `, el('strong', { id: 'receipt-code', text: r.code }))),
    el('dl', { class: 'answers' },
      el('div', { class: 'row' }, el('dt', { text: t('receiptCode') }), el('dd', { text: r.code }), el('dd', {}, copyButton(r.code, 'copy-code'))),
      el('div', { class: 'row' }, el('dt', { text: t('accessToken') }), el('dd', { id: 'access-token', text: r.accessToken }), el('dd', {}, copyButton(r.accessToken, 'copy-token')))),
    el('p', { text: t('receiptHelp') }),
    el('div', { class: 'choice' }, keep, el('label', { for: 'keep-receipt', text: t('keepOnDevice') })),
    el('p', { class: 'hint', id: 'keep-receipt-hint', text: t('keepOnDeviceHint') }),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, t('print')),
      el('a', { href: `/status?code=${encodeURIComponent(r.code)}`, id: 'track' }, t('trackLink')))), deviceFooter(afterForget));
  document.querySelector('h1').setAttribute('tabindex', '-1');
  document.querySelector('h1').focus();
}

function renderResume(saved) {
  view = 'resume';
  document.title = `${t('resumeTitle')} – ${desc.title}`;
  app.replaceChildren(header(), el('main', { id: 'main' }, el('h1', { text: t('resumeTitle') }),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'resume', onclick: () => { state = { ...state, ...saved }; view = 'form'; renderPage(); } }, t('resume')),
      el('button', { type: 'button', class: 'secondary', id: 'discard', onclick: () => {
        dropDraft(kind); state = { data: { kind }, page: 0, key: null }; view = 'form'; renderPage(); } }, t('discard')))), deviceFooter(afterForget));
}

// ---- drafts as files ------------------------------------------------------------------------

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
  const name = `ho-so-${kind.replaceAll('_', '-')}-${todayInVietnam()}.json`;
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(state.data, null, 2)}\n`], { type: 'application/json' }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  notice = { text: t('draftSaved', name) };
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
    notice = { text: t('draftNotJson'), error: true };
    return showNotice();
  }
  if (data.kind !== kind) {
    let title = null;
    try { title = d.describeForm(data.kind, lang()).title; } catch { /* not a kind */ }
    if (!title) {
      notice = { text: t('draftNotJson'), error: true };
      return showNotice();
    }
    const link = { href: `/forms/${data.kind}`, text: t('openOtherForm') };
    // Never over a draft of that procedure already on this device.
    if (loadDraft(data.kind)) {
      notice = { text: t('draftOtherKindBusy', title), link };
      return showNotice();
    }
    saveDraft(data.kind, { data, page: 0, key: null });
    notice = { text: t('draftOtherKind', title), link };
    return showNotice();
  }
  state = { data, page: 0, key: null, returnToCheck: false };
  save();
  notice = { text: t('draftOpened', file.name) };
  view = 'form-active';
  renderPage();
  resumeUploads();
}

function showNotice() {
  const box = document.getElementById('notice');
  if (!box || !notice) return;
  box.replaceChildren(el('p', { text: notice.text }), notice.link ? el('a', { href: notice.link.href, id: 'notice-link' }, notice.link.text) : null);
  box.className = notice.error ? 'notice error-message' : 'notice';
  notice = null;
}

async function boot() {
  document.documentElement.lang = lang();
  d = await core();
  desc = d.describeForm(kind, lang());
  units ??= d.adminUnits();
  if (view === 'check') return renderCheck();
  if (view === 'receipt') return renderReceipt();
  if (view === 'queued') return renderQueued(state.key);
  const saved = supplementOf || counterToken ? null : loadDraft(kind);
  if (saved && view !== 'form-active') {
    view = 'form-active';
    // The draft's files go on uploading while the citizen decides (a reload interrupted them).
    resumeUploads(saved.data ?? {});
    if (Object.keys(saved.data ?? {}).length > 1) return renderResume(saved);
  }
  view = 'form-active';
  renderPage();
}

/** The device's data is gone: the page starts again, empty. */
function afterForget() {
  state = { data: { kind }, page: 0, key: null, returnToCheck: false };
  receipt = null;
  uploads.clear();
  view = 'form-active';
  renderPage();
}

function offlineBanner() {
  const banner = el('p', { class: 'offline-banner', id: 'offline-banner', role: 'status', hidden: navigator.onLine !== false, text: t('offlineBanner') });
  return banner;
}

addEventListener('offline', () => { const b = document.getElementById('offline-banner'); if (b) b.hidden = false; });
addEventListener('online', () => {
  const b = document.getElementById('offline-banner');
  if (b) b.hidden = true;
  if (view === 'form-active') resumeUploads();
});

purgeExpired().finally(() => {
  boot();
  startOffline(onOutbox);
});
