// The form page's state, one object (`form`) its modules import: kind, way in, the core's
// exports, the dossier being filled in, the view on show.
import { todayInVietnam, getAt, setAt, visibleIn } from './dossier.js';
import { lang } from './i18n.js';
import { saveDraft } from './device.js';

const kind = location.pathname.split('/').filter(Boolean).pop();
const params = new URLSearchParams(location.search);

// Two ways in without a draft on the device: a citizen correcting a returned dossier
// (`?supplement=CODE`, handed over by the status page), an officer filing at the counter
// (`?counter`, with this tab's staff session).
const supplementOf = (() => {
  try {
    const x = JSON.parse(sessionStorage.getItem('dossier.supplement') ?? 'null');
    return params.get('supplement') && x?.code === params.get('supplement') ? x : null;
  } catch { return null; }
})();
const counterToken = params.has('counter') ? sessionStorage.getItem('dossier.staff.token') : null;

export const emptyDraft = () => ({ data: { kind }, page: 0, key: null, returnToCheck: false });

export const form = {
  kind,
  supplementOf,
  counterToken,
  // Set at boot: the WASM module, form description, attachment limits.
  d: null,
  desc: null,
  limits: null,
  // Provinces and communes, read when a commune is first shown.
  unitsRead: null,
  units() {
    this.unitsRead ??= this.d.adminUnits();
    return this.unitsRead;
  },
  state: supplementOf ? { ...emptyDraft(), data: structuredClone(supplementOf.data) } : emptyDraft(),
  // form (not yet shown) | form-active | check | receipt | resume | queued
  view: 'form',
  // The receipt on show (in memory unless kept).
  receipt: null,
  // { text, link?, error? } for the next render.
  notice: null,
  // Set by form.js: show the page anew (language switch; the device's data removed).
  restart: () => {},
  afterForget: () => {},
};

/** Keeps the draft (not for a supplement or at the counter). */
export function save() {
  if (form.supplementOf || form.counterToken) return;
  const { data, page, key } = form.state;
  saveDraft(form.kind, { data, page, key });
}

export const visible = (field, indices) => visibleIn(form.state.data, field, indices);

/** Stores a value of `field`: empty is absent; numbers, communes, yes/no are typed. */
export function storeValue(pointer, field, raw) {
  let value = raw;
  if (raw === '' || raw === undefined) value = undefined;
  else if (field.input === 'number' || field.input === 'select' && typeof field.options?.[0]?.value === 'number'
    || field.input === 'commune') value = /^-?\d+$/.test(raw) ? Number(raw) : raw;
  else if (field.input === 'radio' && (raw === 'true' || raw === 'false')) value = raw === 'true';
  setAt(form.state.data, pointer, value);
  save();
}

export const valueAt = (pointer) => getAt(form.state.data, pointer);

export function validateNow() {
  return form.d.validate(form.state.data, { asOf: todayInVietnam(), lang: lang() });
}
