// Moving through the form: the current page with its fields, Continue (the page's checks in
// WASM, then the next page), Back, the check-your-answers page with its Change links, and the
// choice between a kept draft and a new one.
import { idOf } from './dossier.js';
import { t } from './i18n.js';
import { el } from './el.js';
import { dropDraft } from './device.js';
import { renderField, ensureGroups, collectConditions } from './form-fields.js';
import { findingsOnPage, showFindings } from './error-summary.js';
import { draftTools } from './draft-file.js';
import { submit } from './submit.js';
import { offlineBanner, showNotice, show } from './layout.js';
import { form, save, emptyDraft, visible, valueAt, validateNow } from './form-state.js';

/** The current page of the form; `focusId` gets the focus. With `changedPointer` (a value that
 * was chosen), only when other fields depend on it. */
export function renderPage(focusId, changedPointer) {
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
    el('h1', { text: page.title }), fields, draftTools(() => renderPage()));
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

/** A value as the check page shows it. */
function display(field, pointer) {
  const v = valueAt(pointer);
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) return t('empty');
  const label = (x) => field.options?.find((o) => o.value === x)?.label ?? String(x);
  if (field.input === 'repeat') return `${v.length} × ${field.itemLabel.toLowerCase()}`;
  if (field.input === 'group') return field.fields.map((f) => display(f, `${pointer}/${f.pointer.split('/').pop()}`)).filter((x) => x !== t('empty')).join(' · ');
  if (field.input === 'commune') return form.units.flatMap((p) => p.communes).find((c) => c.code === v)?.name ?? String(v);
  if (Array.isArray(v)) return v.map(label).join(', ');
  return label(v);
}

/** Check your answers, with the submit button. */
export function renderCheck() {
  const { desc } = form;
  form.view = 'check';
  document.title = `${t('checkTitle')} – ${desc.title}`;
  const rows = desc.pages.flatMap((page, pi) => page.fields.filter((f) => visible(f, [])).map((f) => el('div', { class: 'row' },
    el('dt', { text: f.label }), el('dd', { text: display(f, f.pointer) }),
    el('dd', {}, el('a', { href: `#${idOf(f.pointer)}`, onclick: (e) => {
      e.preventDefault(); form.state.page = pi; form.state.returnToCheck = true; form.view = 'form'; save(); renderPage(idOf(f.pointer)); } },
      t('change'), el('span', { class: 'visually-hidden', text: ` ${f.label}` }))))));
  const button = el('button', { type: 'button', id: 'submit', onclick: () => submit(button) }, t('submit'));
  show(offlineBanner(),
    el('div', { id: 'notice', class: 'notice', role: 'status' }), el('div', { id: 'summary' }),
    el('h1', { text: t('checkTitle') }), el('dl', { class: 'answers' }, rows),
    el('div', { class: 'actions' }, button), el('p', { id: 'submit-status', role: 'status' }), draftTools(() => renderPage()));
  const report = validateNow();
  showFindings(report.findings);
}

/** A draft is on the device: go on with it, or start again. */
export function renderResume(saved) {
  form.view = 'resume';
  document.title = `${t('resumeTitle')} – ${form.desc.title}`;
  show(el('h1', { text: t('resumeTitle') }),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'resume', onclick: () => { form.state = { ...form.state, ...saved }; form.view = 'form'; renderPage(); } }, t('resume')),
      el('button', { type: 'button', class: 'secondary', id: 'discard', onclick: () => {
        dropDraft(form.kind); form.state = emptyDraft(); form.view = 'form'; renderPage(); } }, t('discard'))));
}
