// The filed dossier, read only, in words: every visible field with the label of the core's form
// description (describeForm), groups and repeated items expanded, option values by their label,
// communes by name, dates as dd/mm/yyyy. The staff detail shows what was filed with it; the
// values read as the citizen's check-your-answers shows them.
import { getAt, concrete, visibleIn } from './dossier.js';
import { el } from './el.js';
import { t, day } from './i18n.js';
import './i18n-staff.js';
import { mediaTypeName } from './edition.js';

const isEmpty = (v) => v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length);

/** A value in words (never a wire code when a label exists). */
export function valueText(field, v, units) {
  if (isEmpty(v)) return t('staff.answersEmpty');
  const option = (x) => field.options?.find((o) => o.value === x)?.label;
  const leaf = field.pointer.split('/').pop();
  if (field.input === 'commune') return units.flatMap((p) => p.communes).find((c) => c.code === v)?.name ?? String(v);
  if (Array.isArray(v)) return v.map((x) => option(x) ?? String(x)).join(', ');
  if (option(v) !== undefined) return option(v);
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  if (field.input === 'date') return day(v);
  if (leaf === 'mediaType') return mediaTypeName(v);
  if (leaf === 'language') return t(`staff.languages.${v}`) ?? String(v).toUpperCase();
  if (leaf === 'sizeBytes' && typeof v === 'number') return `${Math.max(1, Math.round(v / 1024)).toLocaleString('vi-VN')} KB`;
  if (typeof v === 'number') return v.toLocaleString('vi-VN');
  return String(v);
}

/** Fields not for people: a file's SHA-256 is its fingerprint (the file is listed by name). */
const hidden = (field) => field.pointer.endsWith('/sha256');

function rows(fields, data, units, indices) {
  return fields.filter((f) => visibleIn(data, f, indices) && !hidden(f)).map((f) => {
    const pointer = concrete(f.pointer, indices);
    const v = getAt(data, pointer);
    if (f.input === 'group') {
      return el('div', { class: 'row group' }, el('dt', { text: f.label }), el('dd', {}, el('dl', { class: 'answers nested' }, rows(f.fields, data, units, indices))));
    }
    if (f.input === 'repeat') {
      const items = Array.isArray(v) ? v : [];
      return el('div', { class: 'row group' }, el('dt', { text: f.label }), el('dd', {}, items.length
        ? el('ol', { class: 'items' }, items.map((_, i) => el('li', {}, el('p', { class: 'item-label', text: `${f.itemLabel ?? t('staff.item', i + 1)} ${i + 1}` }),
          el('dl', { class: 'answers nested' }, rows(f.fields, data, units, [...indices, i])))))
        : t('staff.answersEmpty')));
    }
    return el('div', { class: 'row', 'data-pointer': pointer }, el('dt', { text: f.label }), el('dd', { text: valueText(f, v, units) }));
  });
}

/** The dossier `data` as sections (one per page of the form) of label/value rows. */
export function answers(desc, data, units) {
  return el('div', { class: 'filed' }, desc.pages.map((page) => el('section', {},
    el('h3', { text: page.title }), el('dl', { class: 'answers' }, rows(page.fields, data, units, []).filter(Boolean)))));
}

/** The label of the field a finding's path points into (the deepest field that contains it). */
export function fieldLabel(desc, path) {
  let best = null;
  const walk = (fields) => {
    for (const f of fields) {
      const re = new RegExp(`^${f.pointer.split('{i}').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\d+')}(/|$)`);
      if (re.test(path)) { best = f; if (f.fields) walk(f.fields); }
    }
  };
  walk(desc.pages.flatMap((p) => p.fields));
  return best?.label ?? null;
}
