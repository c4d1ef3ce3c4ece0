// Rendering of the form page: the fields of the form description (each with label, hint and
// error slot; typing stores the value at once), the commune picker, the GOV.UK error summary,
// the frame of a view.
import { idOf, getAt, setAt, concrete } from './dossier.js';
import { t, languageSwitch, fold } from './i18n.js';
import { el } from './el.js';
import { deviceFooter } from './device.js';
import { uploadControl } from './uploads.js';
import { form, save, visible, storeValue } from './form-state.js';

/** Creates the visible groups' objects, so that checks name each missing field. */
export function ensureGroups(fields, indices) {
  for (const f of fields) {
    if (!visible(f, indices)) continue;
    const pointer = concrete(f.pointer, indices);
    if (f.input === 'group') {
      const v = getAt(form.state.data, pointer);
      if (v === undefined || v === null || typeof v !== 'object') setAt(form.state.data, pointer, {});
      ensureGroups(f.fields, indices);
    } else if (f.input === 'repeat') {
      const items = getAt(form.state.data, pointer);
      if (Array.isArray(items)) items.forEach((_, i) => ensureGroups(f.fields, [...indices, i]));
    }
  }
}

function describedBy(id, field) {
  return [field.hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
}

function errorSlot(id) {
  return el('p', { class: 'error-message', id: `${id}-error`, hidden: true });
}

/** `field`'s element (null when hidden); `onStructure(focusId, changedPointer)` re-renders. */
export function renderField(field, indices, onStructure) {
  if (!visible(field, indices)) return null;
  const pointer = concrete(field.pointer, indices);
  const id = idOf(pointer);
  const value = getAt(form.state.data, pointer);
  const label = field.label + (field.required ? '' : ` (${t('optional')})`);
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
        if (!Array.isArray(getAt(form.state.data, pointer))) setAt(form.state.data, pointer, []);
        getAt(form.state.data, pointer).push({}); save(); onStructure(`${id}.${items.length}`); } },
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
            const list = Array.isArray(getAt(form.state.data, pointer)) ? getAt(form.state.data, pointer) : [];
            const next = input.checked ? [...list, o.value] : list.filter((x) => x !== o.value);
            setAt(form.state.data, pointer, next.length ? next : undefined); save();
          } else {
            storeValue(pointer, field, String(o.value));
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
          setAt(form.state.data, pointer, vals.length ? vals : undefined); save();
        } else {
          storeValue(pointer, field, input.value);
          onStructure(null, pointer);
        }
      });
      wrap.append(input);
      return wrap;
    }
    case 'commune': {
      const province = getAt(form.state.data, concrete(field.provinceField, indices));
      return communePicker({ id, pointer, label, hint, error: errorSlot(id), provinceChosen: Boolean(province),
        communes: province ? form.units().find((p) => p.code === province)?.communes ?? [] : [],
        current: () => getAt(form.state.data, pointer), onChange: (code) => storeValue(pointer, field, code) });
    }
    default:
      input = el('input', { ...common, type: { email: 'email', tel: 'tel', date: 'date' }[field.input] ?? 'text',
        inputmode: field.input === 'number' ? 'numeric' : undefined, readonly: docTech,
        autocomplete: field.input === 'email' ? 'email' : field.input === 'tel' ? 'tel' : undefined });
      input.value = value ?? '';
  }
  input.addEventListener('change', () => storeValue(pointer, field, input.value));
  input.addEventListener('input', () => storeValue(pointer, field, input.value));
  wrap.append(input);
  return wrap;
}

/** Every pointer that other fields' visibility or commune list depends on. */
export function collectConditions(fields) {
  return fields.flatMap((f) => [f.showWhen?.pointer, f.provinceField, ...(f.fields ? collectConditions(f.fields) : [])]).filter(Boolean);
}

// ---- the commune picker: a search without diacritics ("hoan kiem" → "Hoàn Kiếm") or by code

function communePicker({ id, pointer, label, hint, error, communes, provinceChosen, current, onChange }) {
  const wrap = el('div', { class: 'field commune', 'data-pointer': pointer });
  const search = el('input', { type: 'search', id: `${id}-search`, 'aria-label': `${label}: ${t('searchCommune')}`, placeholder: t('searchCommune') });
  const select = el('select', { id, name: id, size: 6, 'aria-describedby': `${hint ? `${id}-hint ` : ''}${id}-error` });
  const fill = () => {
    const q = fold(search.value.trim());
    const chosen = current();
    select.replaceChildren();
    for (const c of communes) {
      if (q && !fold(c.name).includes(q) && String(c.code) !== q) continue;
      select.append(el('option', { value: String(c.code), text: c.name, selected: c.code === chosen }));
    }
  };
  fill();
  search.addEventListener('input', fill);
  select.addEventListener('change', () => onChange(select.value));
  wrap.append(el('label', { for: id, text: label }), hint ?? '', error);
  if (!provinceChosen) wrap.append(el('p', { class: 'hint', text: t('chooseProvinceFirst') }));
  wrap.append(search, select);
  return wrap;
}

// ---- the error summary: errors in field order, linked and repeated at the field; warnings

export function findingsOnPage(report, page) {
  const pointers = page.fields.map((f) => f.pointer);
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

/** Shows `findings` in the page's #summary (with `intro` above the errors); the number of errors. */
export function showFindings(findings, intro) {
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

// ---- the frame of every view

export function header() {
  const { supplementOf, counterToken } = form;
  const mode = supplementOf ? [t('supplementTitle', supplementOf.code), t('supplementHelp')]
    : counterToken ? [t('counterTitle'), t('counterHelp')] : null;
  const top = el('header', { class: 'top' }, el('a', { href: counterToken ? '/staff' : '/', class: 'service', text: t('service') }), languageSwitch(() => form.restart()));
  if (!mode) return top;
  return el('div', {}, top, el('section', { class: 'panel mode', id: 'mode', 'aria-label': mode[0] }, el('p', {}, el('strong', { text: mode[0] })), el('p', { text: mode[1] })));
}

export const footer = () => deviceFooter(() => form.afterForget());

export function offlineBanner() {
  return el('p', { class: 'offline-banner', id: 'offline-banner', role: 'status', hidden: navigator.onLine !== false, text: t('offlineBanner') });
}

export function showNotice() {
  const box = document.getElementById('notice');
  const { notice } = form;
  if (!box || !notice) return;
  box.replaceChildren(el('p', { text: notice.text }), notice.link ? el('a', { href: notice.link.href, id: 'notice-link' }, notice.link.text) : null);
  box.className = notice.error ? 'notice error-message' : 'notice';
  form.notice = null;
}

/** Shows a view: the header, then `content` in <main>, then the footer. */
export function show(...content) {
  document.getElementById('app').replaceChildren(header(), el('main', { id: 'main' }, ...content), footer());
}
