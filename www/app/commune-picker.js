// The commune picker: the communes of the chosen province in a list, narrowed by a search that
// ignores diacritics ("hoan kiem" finds "Hoàn Kiếm") or matches the code.
import { el } from './el.js';
import { t, fold } from './i18n.js';

/** `communes` of the chosen province (none chosen: an empty list and a hint), `current()` the
 * chosen code; `onChange(code)` when another is chosen. `hint` and `error` are the field's
 * hint and error slot. */
export function communePicker({ id, pointer, label, hint, error, communes, provinceChosen, current, onChange }) {
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
