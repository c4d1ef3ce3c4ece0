// The state of the form page, in one object (`form`) that the page's modules share by importing
// it: the kind, the way in (a citizen's draft, a supplement, a filing at the counter), the core's
// exports once loaded, the dossier being filled in and the view on show. Only the functions
// here and the page's modules change it.
import { todayInVietnam, getAt, setAt, visibleIn } from './dossier.js';
import { lang } from './i18n.js';
import { saveDraft } from './device.js';

const kind = location.pathname.split('/').filter(Boolean).pop();
const params = new URLSearchParams(location.search);

/** Two other ways in than a draft: a citizen correcting a returned dossier
 * (`?supplement=CODE`, the filed dossier handed over by the status page), and an officer filing
 * at the counter (`?counter`, with the staff session of this tab). Neither keeps a draft on the
 * device. */
const supplementOf = (() => {
  try {
    const x = JSON.parse(sessionStorage.getItem('dossier.supplement') ?? 'null');
    return params.get('supplement') && x?.code === params.get('supplement') ? x : null;
  } catch { return null; }
})();
const counterToken = params.has('counter') ? sessionStorage.getItem('dossier.staff.token') : null;

/** A dossier not yet begun. */
export const emptyDraft = () => ({ data: { kind }, page: 0, key: null, returnToCheck: false });

export const form = {
  kind,
  supplementOf,
  counterToken,
  /** The WASM module, the form description, the provinces with their communes, the limits on
   * an attachment (edition.js): set when the page boots, again on a language switch. */
  d: null,
  desc: null,
  units: null,
  limits: null,
  /** The dossier (`data`), the page on show, the idempotency key, whether Continue goes back to
   * the check page. */
  state: supplementOf ? { ...emptyDraft(), data: structuredClone(supplementOf.data) } : emptyDraft(),
  /** form (not yet shown) | form-active | check | receipt | resume | queued */
  view: 'form',
  /** The receipt on show (kept in memory only, unless the user keeps it). */
  receipt: null,
  /** A message for the next render: { text, link?, error? }. */
  notice: null,
  /** Set by form.js: shows the page again from the start (language switch), and after the
   * device's data was removed. */
  restart: () => {},
  afterForget: () => {},
};

/** Keeps the draft on the device (not for a supplement or a filing at the counter). */
export function save() {
  if (form.supplementOf || form.counterToken) return;
  const { data, page, key } = form.state;
  saveDraft(form.kind, { data, page, key });
}

/** Whether `field` shows with the answers so far. */
export const visible = (field, indices) => visibleIn(form.state.data, field, indices);

/** Stores a value typed or chosen in `field`: empty is absent; numbers, communes and yes/no
 * become numbers and booleans. */
export function storeValue(pointer, field, raw) {
  let value = raw;
  if (raw === '' || raw === undefined) value = undefined;
  else if (field.input === 'number' || field.input === 'select' && typeof field.options?.[0]?.value === 'number'
    || field.input === 'commune') value = /^-?\d+$/.test(raw) ? Number(raw) : raw;
  else if (field.input === 'radio' && (raw === 'true' || raw === 'false')) value = raw === 'true';
  setAt(form.state.data, pointer, value);
  save();
}

/** The value at `pointer` of the dossier. */
export const valueAt = (pointer) => getAt(form.state.data, pointer);

/** The core's report on the dossier as it stands, today in Viet Nam. */
export function validateNow() {
  return form.d.validate(form.state.data, { asOf: todayInVietnam(), lang: lang() });
}
