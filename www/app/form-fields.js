// The fields of the form, rendered from the core's form description: groups, repeatable groups,
// choices, selects, the commune picker, text inputs; each with its label, hint and error slot.
// Typing stores the value in the dossier at once (the draft is autosaved).
import { idOf, getAt, setAt, concrete } from './dossier.js';
import { t } from './i18n.js';
import { el } from './el.js';
import { communePicker } from './commune-picker.js';
import { uploadControl } from './uploads.js';
import { form, save, visible, storeValue } from './form-state.js';

/** Creates the (empty) objects of visible groups, so that checks name the missing fields one by
 * one instead of the whole group. */
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

/** The element of `field` (null when hidden); `onStructure(focusId, changedPointer)` re-renders
 * the page after a change of structure (an item added or removed, a choice that others
 * depend on). */
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
        communes: form.units.find((p) => p.code === province)?.communes ?? [],
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
